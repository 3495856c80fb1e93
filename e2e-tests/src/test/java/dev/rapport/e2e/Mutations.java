package dev.rapport.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Requests that must be refused, generated from a service's OpenAPI document: for each operation a
 * valid request (the document's example body, or one built from the schema) and, from it, one
 * request per defect: a path or query parameter of the wrong type or out of range, a body field of
 * the wrong type, a number JSON cannot hold, a string past its limit, a duplicate or unknown key,
 * a malformed UUID or date, a missing field, invalid JSON, a body over the size limit, the wrong
 * content type, a header with CR/LF in it. Each mutation breaks a rule the document states, so
 * that a 2xx answer is a finding, not noise.
 */
final class Mutations {

    /** An operation of the document. */
    record Operation(String service, String id, String method, String path, List<Param> params, JsonNode bodySchema,
                     JsonNode bodyExample, boolean bodyRequired, boolean stream) {
        boolean hasBody() {
            return bodySchema != null;
        }
    }

    record Param(String name, String in, JsonNode schema) {}

    /** One request to send: category (for the figures), what it does, and the request itself. */
    record Hostile(String category, String label, String method, String target, List<String> headers, byte[] body) {}

    static final String TEN_K = "x".repeat(10_000);
    /** Overlong in a URL: 3000 characters (a request line over 4 KB is refused by the HTTP codec, before the application). */
    static final String LONG_IN_URL = "x".repeat(3_000);
    static final String TWO_POW_64 = "18446744073709551616";
    static final List<String> BAD_UUIDS = List.of("not-a-uuid", "123", "00000000-0000-0000-0000-00000000000g",
            "11111111-1111-4111-8111-1111111111111", "11111111111141118111111111111111", "{11111111-1111-4111-8111-111111111111}",
            "11111111-1111-4111-8111-11111111111\u00e9", "' OR '1'='1", "../../etc/passwd", "-1", "NaN", "1e400", TEN_K);
    static final List<String> BAD_DATES = List.of("2026-13-45T00:00:00Z", "2026-02-30T10:00:00Z", "yesterday", "0",
            "2026-12-03T25:61:00Z", "2026-12-03 10:00:00", "NaN", "1e400", "-0", "+1000000001-01-01T00:00:00Z", TEN_K);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;
    private final String service;

    Mutations(String service, JsonNode document) {
        this.service = service;
        this.document = document;
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            JsonNode op = method.getValue();
            List<Param> params = new ArrayList<>();
            op.path("parameters").forEach(p -> params.add(new Param(p.path("name").asText(), p.path("in").asText(), resolve(p.path("schema")))));
            JsonNode json = op.path("requestBody").path("content").path("application/json");
            JsonNode schema = json.isMissingNode() ? null : resolve(json.path("schema"));
            JsonNode example = null;
            Iterator<JsonNode> examples = json.path("examples").elements();
            if (examples.hasNext()) {
                example = examples.next().path("value");
            }
            boolean stream = op.path("responses").path("200").path("content").has("text/event-stream");
            operations.add(new Operation(service, op.path("operationId").asText(), method.getKey().toUpperCase(), path.getKey(),
                    params, schema, example, op.path("requestBody").path("required").asBoolean(false), stream));
        }));
        return operations;
    }

    /**
     * The mutations of one operation. pathValues: a real value for a path parameter (e.g. an ended
     * session's id), others get a fresh UUID; bodyOverrides: fields of the valid body to set.
     */
    List<Hostile> of(Operation op, String bearer, Map<String, String> pathValues, Map<String, JsonNode> bodyOverrides) {
        List<Hostile> out = new ArrayList<>();
        Map<String, String> path = new LinkedHashMap<>();
        for (Param p : op.params()) {
            if (p.in().equals("path")) {
                path.put(p.name(), pathValues.getOrDefault(p.name(), validValue(p.schema()).asText()));
            }
        }
        ObjectNode body = op.hasBody() ? validBody(op, bodyOverrides) : null;
        Request valid = new Request(op, bearer, path, "", body);

        for (Param p : op.params()) {
            switch (p.in()) {
                case "path" -> pathMutations(p, valid, out);
                case "query" -> {
                    if (!op.stream()) {
                        queryMutations(p, valid, out);
                    }
                }
                case "header" -> headerParamMutations(p, valid, out);
                default -> { }
            }
        }
        if (!op.stream()) {
            headerInjections(valid, out);
        }
        if (body != null) {
            bodyMutations(op, valid, body, out);
        }
        return out;
    }

    /** The valid request with the given Authorization (null: none), for the token attacks. */
    Hostile withToken(Operation op, String authorization, Map<String, String> pathValues, Map<String, JsonNode> bodyOverrides,
                      String attack) {
        Map<String, String> path = new LinkedHashMap<>();
        for (Param p : op.params()) {
            if (p.in().equals("path")) {
                path.put(p.name(), pathValues.getOrDefault(p.name(), validValue(p.schema()).asText()));
            }
        }
        ObjectNode body = op.hasBody() ? validBody(op, bodyOverrides) : null;
        return new Request(op, authorization, path, "", body).hostile("token", attack);
    }

    // ------------------------------------------------------------------------------ parameters

    private void pathMutations(Param p, Request valid, List<Hostile> out) {
        List<String> values = new ArrayList<>(isUuid(p.schema()) ? inUrl(BAD_UUIDS)
                : List.of(LONG_IN_URL, "../../etc/passwd", "%00", "' OR '1'='1", "no-such-" + UUID.randomUUID()));
        for (String value : values) {
            Map<String, String> path = new LinkedHashMap<>(valid.path);
            path.put(p.name(), value);
            out.add(valid.withPath(path).hostile(isUuid(p.schema()) ? "bad uuid" : "bad path value", p.name() + "=" + abbreviate(value)));
        }
    }

    private void queryMutations(Param p, Request valid, List<Hostile> out) {
        JsonNode schema = p.schema();
        String type = schema.path("type").asText();
        List<String[]> values = new ArrayList<>(); // {category, value}
        if (type.equals("integer") || type.equals("number")) {
            for (String v : List.of("abc", "NaN", "Infinity", "1e400", TWO_POW_64, "9223372036854775808", "-" + TWO_POW_64, "1.5", "0x10", "1,2", "true")) {
                values.add(new String[] {v.matches("[a-z,].*|0x10|true") ? "wrong type" : "out-of-range number", v});
            }
            if (schema.has("minimum")) {
                long min = schema.path("minimum").asLong();
                values.add(new String[] {"out-of-range number", Long.toString(min - 1)});
                if (min > 0) {
                    values.add(new String[] {"out-of-range number", "-0"});
                }
            }
            if (schema.has("maximum")) {
                values.add(new String[] {"out-of-range number", Long.toString(schema.path("maximum").asLong() + 1)});
            }
        } else if (schema.has("enum")) {
            for (String v : List.of("BOGUS", "' OR '1'='1", LONG_IN_URL, "30d\r\nX-Injected: 1")) {
                values.add(new String[] {"bad enum", v});
            }
        } else if ("date-time".equals(schema.path("format").asText())) {
            inUrl(BAD_DATES).forEach(v -> values.add(new String[] {"bad date", v}));
        } else if (isUuid(schema)) {
            inUrl(BAD_UUIDS).forEach(v -> values.add(new String[] {"bad uuid", v}));
        } else if (schema.has("maxLength")) {
            values.add(new String[] {"overlong string", "y".repeat(schema.path("maxLength").asInt() + 1)});
        }
        for (String[] v : values) {
            out.add(valid.withQuery(p.name() + "=" + encode(v[1])).hostile(v[0], p.name() + "=" + abbreviate(v[1])));
        }
    }

    private void headerParamMutations(Param p, Request valid, List<Hostile> out) {
        if (p.schema().has("maxLength")) {
            int max = p.schema().path("maxLength").asInt();
            out.add(valid.withHeader(p.name() + ": " + "k".repeat(max + 1)).hostile("overlong string", p.name() + " of " + (max + 1)));
            out.add(valid.withHeader(p.name() + ": " + TEN_K).hostile("overlong string", p.name() + " of 10000"));
            out.add(valid.withHeader(p.name() + ": " + "k".repeat(max + 1) + "\r\nX-Injected: 1")
                    .hostile("header injection", p.name() + " with CRLF and a header after it"));
            out.add(valid.withHeader(p.name() + ": a\rb").hostile("header injection", p.name() + " with a bare CR"));
            out.add(valid.withHeader(p.name() + ": a\u0000b").hostile("header injection", p.name() + " with NUL"));
        }
    }

    /**
     * CR/LF and other bytes that break HTTP framing, put where they make the request invalid
     * whichever way a parser reads them: inside the bearer token (a split token is no token).
     */
    private void headerInjections(Request valid, List<Hostile> out) {
        if (valid.authorization == null) {
            return;
        }
        String token = valid.authorization;
        int cut = token.length() / 2;
        String first = token.substring(0, cut);
        String rest = token.substring(cut);
        Map<String, String> injections = new LinkedHashMap<>();
        injections.put("CRLF inside the token, header after it", first + "\r\nX-Injected: " + rest);
        injections.put("CRLF CRLF inside the token (response splitting)", first + "\r\n\r\nGET / HTTP/1.1\r\nX: " + rest);
        injections.put("bare LF inside the token", first + "\nX-Injected: " + rest);
        injections.put("bare CR inside the token", first + "\rX-Injected: " + rest);
        injections.put("NUL inside the token", first + "\u0000" + rest);
        for (Map.Entry<String, String> injection : injections.entrySet()) {
            out.add(valid.withAuthorization(injection.getValue()).hostile("header injection", injection.getKey()));
        }
    }

    // ------------------------------------------------------------------------------------ body

    private void bodyMutations(Operation op, Request valid, ObjectNode body, List<Hostile> out) {
        String json = body.toString();
        Map<String, String> raw = new LinkedHashMap<>();
        if (op.bodyRequired()) {
            raw.put("empty body", ""); // an optional body may be left out
        }
        raw.put("truncated", json.substring(0, json.length() / 2));
        raw.put("trailing garbage", json + "garbage");
        raw.put("two documents", json + json);
        raw.put("single quotes", json.replace('"', '\''));
        raw.put("comment", "/* x */" + json);
        raw.put("trailing comma", json.substring(0, json.length() - 1) + ",}");
        raw.put("unquoted key", "{instrumentId:1}");
        raw.put("lone brace", "{");
        raw.put("nul", "nul");
        raw.forEach((label, text) -> out.add(valid.withBody(text.getBytes(StandardCharsets.UTF_8)).hostile("invalid JSON", label)));
        for (String notObject : op.bodyRequired() ? List.of("[]", "\"text\"", "123", "null", "true", "[" + json + "]")
                : List.of("[]", "\"text\"", "123", "true", "[" + json + "]")) {
            out.add(valid.withBody(notObject.getBytes(StandardCharsets.UTF_8)).hostile("wrong type", "body " + abbreviate(notObject)));
        }
        out.add(valid.withBody(("{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}").getBytes(StandardCharsets.UTF_8))
                .hostile("invalid JSON", "5000 nested arrays"));

        Map<String, JsonNode> properties = new LinkedHashMap<>();
        body.fields().forEachRemaining(f -> properties.put(f.getKey(), schemaOf(op.bodySchema(), f.getKey())));
        for (Map.Entry<String, JsonNode> property : properties.entrySet()) {
            fieldMutations(valid, body, property.getKey(), property.getValue(), out);
        }
        List<String> required = new ArrayList<>();
        op.bodySchema().path("required").forEach(r -> required.add(r.asText()));
        for (String name : required) {
            out.add(valid.withBody(bytes(edit(body, b -> b.remove(name)))).hostile("missing field", "without " + name));
            out.add(valid.withBody(bytes(edit(body, b -> b.putNull(name)))).hostile("missing field", name + " null"));
        }
        for (String unknown : List.of("unknownField", "id", "status", "version", "clientRef", "__proto__", "constructor", "@class")) {
            if (!op.bodySchema().path("properties").has(unknown)) {
                out.add(valid.withBody(bytes(edit(body, b -> b.put(unknown, 1)))).hostile("unknown field", unknown));
                out.add(valid.withBody(bytes(edit(body, b -> b.putObject(unknown).put("x", "y")))).hostile("unknown field", unknown + " object"));
            }
        }

        // duplicates: the same key twice with the same valid value, with a valid value last, with an invalid one last
        for (String name : properties.keySet()) {
            String value = body.get(name).toString();
            out.add(valid.withBody(duplicate(body, name, value)).hostile("duplicate key", name + " twice, same value"));
            out.add(valid.withBody(duplicate(body, name, "\"" + TEN_K + "\"")).hostile("duplicate key", name + " twice, overlong last"));
            out.add(valid.withBody(prependDuplicate(body, name, "[]")).hostile("duplicate key", name + " twice, wrong type first"));
        }

        // JSON numbers JSON itself does not allow, and strings past any limit
        String firstField = properties.keySet().iterator().next();
        for (String literal : List.of("NaN", "Infinity", "-Infinity", "+1", "01", ".5", "1.", "0x10")) {
            out.add(valid.withBody(replaceValue(body, firstField, literal)).hostile("NaN/Infinity literal", firstField + "=" + literal));
        }
        out.add(valid.withBody(replaceValue(body, firstField, "1" + "0".repeat(5_000))).hostile("out-of-range number", firstField + "=10^5000"));
        out.add(valid.withBody(bytes(edit(body, b -> b.put(firstField, "z".repeat(1 << 20)))))
                .hostile("oversized body", firstField + " of 1 MB"));
        byte[] eleven = new byte[11 << 20];
        java.util.Arrays.fill(eleven, (byte) ' ');
        byte[] start = bytes(body);
        System.arraycopy(start, 0, eleven, 0, start.length);
        out.add(valid.withBody(eleven).hostile("oversized body", "11 MB (valid JSON, padded)"));
        out.add(valid.withBody(padTo(start, 65 * 1024 + 1)).hostile("oversized body", "64 KB + 1 KB (valid JSON, padded)"));
        out.add(valid.withHeader("Content-Length: " + start.length).withHeader("Content-Length: " + (start.length + 1)).withBody(start)
                .hostile("header injection", "two Content-Length headers that disagree"));
        out.add(valid.withHeader("Content-Length: " + start.length).withHeader("Transfer-Encoding: chunked").withBody(start)
                .hostile("header injection", "Content-Length and Transfer-Encoding: chunked (smuggling)"));

        byte[] invalidUtf8 = json.replaceFirst("\"([^\"]*)\"\\s*:\\s*\"[^\"]*\"", "\"$1\":\"\u0001\"").getBytes(StandardCharsets.UTF_8);
        out.add(valid.withBody(replaceByte(invalidUtf8, (byte) 0x01, new byte[] {(byte) 0xC3, 0x28})).hostile("invalid JSON", "invalid UTF-8 in a string"));

        for (String contentType : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/json-patch+json")) {
            out.add(valid.withContentType(contentType).hostile("wrong content type", abbreviate(contentType)));
        }
        out.add(valid.withContentType(null).hostile("wrong content type", "none"));
    }

    private void fieldMutations(Request valid, ObjectNode body, String name, JsonNode schema, List<Hostile> out) {
        String type = schema.path("type").asText();
        JsonNode current = body.get(name);
        List<JsonNode> wrongTypes = new ArrayList<>(List.of(NODES.booleanNode(true), NODES.arrayNode(), NODES.objectNode()));
        if (!type.equals("integer") && !type.equals("number")) {
            wrongTypes.add(NODES.numberNode(12345));
        }
        if (!type.equals("string")) {
            wrongTypes.add(NODES.textNode("text"));
        }
        for (JsonNode wrong : wrongTypes) {
            out.add(valid.withBody(bytes(edit(body, b -> b.set(name, wrong)))).hostile("wrong type", name + "=" + abbreviate(wrong.toString())));
        }
        if (type.equals("string")) {
            for (String huge : List.of("1e400", TWO_POW_64, "-0", "NaN")) {
                // a number where a string is expected: Jackson would coerce it, the document says string
                out.add(valid.withBody(replaceValue(body, name, huge)).hostile("out-of-range number", name + "=" + huge + " (number)"));
            }
            if (schema.has("maxLength")) {
                int max = schema.path("maxLength").asInt();
                out.add(valid.withBody(bytes(edit(body, b -> b.put(name, "y".repeat(max + 1))))).hostile("overlong string", name + " of " + (max + 1)));
            }
            out.add(valid.withBody(bytes(edit(body, b -> b.put(name, TEN_K + "\u0000")))).hostile("overlong string", name + " of 10000 + NUL"));
            if (isUuid(schema)) {
                BAD_UUIDS.forEach(v -> out.add(valid.withBody(bytes(edit(body, b -> b.put(name, v)))).hostile("bad uuid", name + "=" + abbreviate(v))));
            }
            if ("date-time".equals(schema.path("format").asText())) {
                BAD_DATES.forEach(v -> out.add(valid.withBody(bytes(edit(body, b -> b.put(name, v)))).hostile("bad date", name + "=" + abbreviate(v))));
            }
            if (schema.has("enum")) {
                for (String v : List.of("BOGUS", "", "VIDEO_" + schema.path("enum").get(0).asText(), schema.path("enum").get(0).asText().toLowerCase() + "x")) {
                    out.add(valid.withBody(bytes(edit(body, b -> b.put(name, v)))).hostile("bad enum", name + "=\"" + v + "\""));
                }
            }
        }
        if (type.equals("object") && current != null && current.isObject() && current.size() > 0) {
            // a map of answers: each value a number JSON cannot hold, out of range, of the wrong type
            String key = current.fieldNames().next();
            for (String literal : List.of("NaN", "Infinity", "-Infinity", "1e400", TWO_POW_64, "-" + TWO_POW_64, "-1", "1e308", "\"9\"", "true",
                    "[]", "{}", "null")) {
                out.add(valid.withBody(replaceNested(body, name, key, literal))
                        .hostile(literal.matches("[-0-9e+]+|NaN|-?Infinity") ? (literal.matches("NaN|-?Infinity") ? "NaN/Infinity literal"
                                : "out-of-range number") : "wrong type", name + "." + key + "=" + literal));
            }
            out.add(valid.withBody(bytes(edit(body, b -> ((ObjectNode) b.get(name)).put("999", 1)))).hostile("unknown field", name + ".999"));
            ObjectNode many = edit(body, b -> {
                ObjectNode map = (ObjectNode) b.get(name);
                for (int i = 0; i < 101; i++) {
                    map.put("extra" + i, 1);
                }
            });
            out.add(valid.withBody(bytes(many)).hostile("unknown field", name + " with 101 more keys"));
        }
    }

    // ------------------------------------------------------------------------------- valid body

    private ObjectNode validBody(Operation op, Map<String, JsonNode> overrides) {
        ObjectNode body;
        if (op.bodyExample() != null && op.bodyExample().isObject()) {
            body = op.bodyExample().deepCopy();
        } else {
            body = NODES.objectNode();
            op.bodySchema().path("properties").fields().forEachRemaining(p -> body.set(p.getKey(), validValue(resolve(p.getValue()))));
        }
        overrides.forEach(body::set);
        return body;
    }

    private JsonNode validValue(JsonNode schema) {
        if (schema.has("enum")) {
            return schema.path("enum").get(0);
        }
        String format = schema.path("format").asText();
        return switch (schema.path("type").asText()) {
            case "integer" -> NODES.numberNode(schema.path("minimum").asLong(1));
            case "number" -> NODES.numberNode(1);
            case "boolean" -> NODES.booleanNode(true);
            case "object" -> NODES.objectNode();
            case "array" -> NODES.arrayNode();
            default -> format.equals("uuid") ? NODES.textNode(UUID.randomUUID().toString())
                    : format.equals("date-time") ? NODES.textNode(Instant.now().plus(1, ChronoUnit.DAYS).toString())
                    : NODES.textNode("hostile-input-test");
        };
    }

    private JsonNode schemaOf(JsonNode objectSchema, String property) {
        JsonNode schema = objectSchema.path("properties").path(property);
        return schema.isMissingNode() ? NODES.objectNode() : resolve(schema);
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.path("$ref");
        if (ref.isTextual()) {
            JsonNode target = document;
            for (String part : ref.asText().substring(2).split("/")) {
                target = target.path(part);
            }
            return resolve(target);
        }
        return schema;
    }

    private static List<String> inUrl(List<String> values) {
        return values.stream().map(v -> v.equals(TEN_K) ? LONG_IN_URL : v).toList();
    }

    private static boolean isUuid(JsonNode schema) {
        return "uuid".equals(schema.path("format").asText());
    }

    // ----------------------------------------------------------------------------- JSON helpers

    private static ObjectNode edit(ObjectNode body, Consumer<ObjectNode> change) {
        ObjectNode copy = body.deepCopy();
        change.accept(copy);
        return copy;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body with one field's value written as raw text (which may be no valid JSON value). */
    private static byte[] replaceValue(ObjectNode body, String field, String rawValue) {
        String marker = "\"@@" + UUID.randomUUID() + "@@\"";
        ObjectNode copy = edit(body, b -> b.put(field, marker.substring(1, marker.length() - 1)));
        return copy.toString().replace(marker, rawValue).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] replaceNested(ObjectNode body, String field, String key, String rawValue) {
        String marker = "@@" + UUID.randomUUID() + "@@";
        ObjectNode copy = edit(body, b -> ((ObjectNode) b.get(field)).put(key, marker));
        return copy.toString().replace("\"" + marker + "\"", rawValue).getBytes(StandardCharsets.UTF_8);
    }

    /** The body with the field written a second time at the end, with the given raw value. */
    private static byte[] duplicate(ObjectNode body, String field, String rawValue) {
        String json = body.toString();
        return (json.substring(0, json.length() - 1) + ",\"" + field + "\":" + rawValue + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** The body with the field written first with the given raw value, and again (valid) later. */
    private static byte[] prependDuplicate(ObjectNode body, String field, String rawValue) {
        return ("{\"" + field + "\":" + rawValue + "," + body.toString().substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] padTo(byte[] json, int size) {
        byte[] padded = new byte[size];
        java.util.Arrays.fill(padded, (byte) ' ');
        System.arraycopy(json, 0, padded, 0, json.length);
        return padded;
    }

    private static byte[] replaceByte(byte[] in, byte marker, byte[] with) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : in) {
            if (b == marker) {
                out.writeBytes(with);
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String abbreviate(String value) {
        String printable = value.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
        return printable.length() > 40 ? printable.substring(0, 20) + "…(" + value.length() + " chars)" : printable;
    }

    // --------------------------------------------------------------------------------- request

    /** A request under construction: the valid one, and copies with one thing changed. */
    private static final class Request {
        final Operation op;
        final String authorization;
        final Map<String, String> path;
        final String query;
        final byte[] body;
        final String contentType;
        final List<String> extraHeaders;

        Request(Operation op, String authorization, Map<String, String> path, String query, ObjectNode body) {
            this(op, authorization, path, query, body == null ? null : bytes(body), body == null ? null : "application/json", List.of());
        }

        private Request(Operation op, String authorization, Map<String, String> path, String query, byte[] body, String contentType,
                        List<String> extraHeaders) {
            this.op = op;
            this.authorization = authorization;
            this.path = path;
            this.query = query;
            this.body = body;
            this.contentType = contentType;
            this.extraHeaders = extraHeaders;
        }

        Request withPath(Map<String, String> p) {
            return new Request(op, authorization, p, query, body, contentType, extraHeaders);
        }

        Request withQuery(String q) {
            return new Request(op, authorization, path, q, body, contentType, extraHeaders);
        }

        Request withBody(byte[] b) {
            return new Request(op, authorization, path, query, b, contentType == null ? "application/json" : contentType, extraHeaders);
        }

        Request withContentType(String type) {
            return new Request(op, authorization, path, query, body, type, extraHeaders);
        }

        Request withAuthorization(String value) {
            return new Request(op, value, path, query, body, contentType, extraHeaders);
        }

        Request withHeader(String line) {
            List<String> headers = new ArrayList<>(extraHeaders);
            headers.add(line);
            return new Request(op, authorization, path, query, body, contentType, headers);
        }

        Hostile hostile(String category, String label) {
            String target = op.path();
            for (Map.Entry<String, String> p : path.entrySet()) {
                target = target.replace("{" + p.getKey() + "}", encode(p.getValue()));
            }
            if (!query.isEmpty()) {
                target += "?" + query;
            }
            List<String> headers = new ArrayList<>();
            if (authorization != null) {
                headers.add("Authorization: " + authorization);
            }
            if (contentType != null && body != null) {
                headers.add("Content-Type: " + contentType);
            }
            headers.add("Accept: */*");
            headers.addAll(extraHeaders);
            return new Hostile(category, op.id() + ": " + label, op.method(), target, headers, body == null && op.method().equals("POST")
                    ? new byte[0] : body);
        }
    }
}
