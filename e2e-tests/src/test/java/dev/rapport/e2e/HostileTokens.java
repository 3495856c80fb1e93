package dev.rapport.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authorization headers that must be refused with 401: none, garbage, and tokens that look like
 * the realm's but are expired, forged, signed by another key, or issued for another audience or by
 * another issuer. Built from a real access token of the realm, so that each differs from an
 * accepted token in the one way its name says.
 */
final class HostileTokens {

    /** One attack: its name and the Authorization header value (null: no header at all). */
    record Attack(String name, String authorization) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final String realToken;
    private final ObjectNode realHeader;
    private final ObjectNode realClaims;
    private final KeyPair otherKey;

    /** realBearer: "Bearer ..." of a demo user, as Platform.bearer gives it. */
    HostileTokens(String realBearer) throws Exception {
        this.realToken = realBearer.substring("Bearer ".length());
        String[] parts = realToken.split("\\.");
        this.realHeader = (ObjectNode) JSON.readTree(B64D.decode(parts[0]));
        this.realClaims = (ObjectNode) JSON.readTree(B64D.decode(parts[1]));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        this.otherKey = generator.generateKeyPair();
    }

    /** otherClientBearer: a real token of the realm for another client (audience not rapport-api), or null. */
    List<Attack> attacks(String otherClientBearer) throws Exception {
        long now = Instant.now().getEpochSecond();
        List<Attack> attacks = new ArrayList<>();
        attacks.add(new Attack("missing", null));
        attacks.add(new Attack("empty bearer", "Bearer "));
        attacks.add(new Attack("garbage", "Bearer garbage"));
        attacks.add(new Attack("three garbage parts", "Bearer aGVsbG8.d29ybGQ.IQ"));
        attacks.add(new Attack("basic scheme", "Basic YWRtaW46YWRtaW4="));
        attacks.add(new Attack("token without scheme", realToken));
        attacks.add(new Attack("truncated signature", "Bearer " + realToken.substring(0, realToken.length() - 10)));
        attacks.add(new Attack("alg none", "Bearer " + unsigned(header -> header.put("alg", "none"), claims -> {})));
        attacks.add(new Attack("forged payload (admin role added)", "Bearer " + forged(claims ->
                claims.putObject("realm_access").putArray("roles").add("admin").add("counsellor").add("supervisor").add("analyst"))));
        // another demo user's id, never the token's own (the payload would then be the real one)
        String other = "66666666-6666-4666-8666-666666666666".equals(realClaims.path("sub").asText())
                ? "22222222-2222-4222-8222-222222222222" : "66666666-6666-4666-8666-666666666666";
        attacks.add(new Attack("forged payload (other subject)", "Bearer " + forged(claims -> claims.put("sub", other))));
        attacks.add(new Attack("forged payload (exp extended)", "Bearer " + forged(claims -> claims.put("exp", now + 86_400))));
        attacks.add(new Attack("expired (self-signed, kid of the realm)", "Bearer " + signedByOtherKey(claims -> {
            claims.put("iat", now - 7_200);
            claims.put("exp", now - 3_600);
        })));
        attacks.add(new Attack("expired (real token, exp moved back)", "Bearer " + forged(claims -> claims.put("exp", now - 60))));
        attacks.add(new Attack("signed by another key (kid of the realm)", "Bearer " + signedByOtherKey(claims -> {})));
        attacks.add(new Attack("signed by another key (unknown kid)", "Bearer " + signed(header -> header.put("kid", "attacker"), claims -> {})));
        attacks.add(new Attack("wrong audience (self-signed)", "Bearer " + signedByOtherKey(claims -> claims.put("aud", "someone-else"))));
        attacks.add(new Attack("wrong audience (real token, aud changed)", "Bearer " + forged(claims -> claims.put("aud", "someone-else"))));
        attacks.add(new Attack("wrong issuer (self-signed)", "Bearer " + signedByOtherKey(claims -> claims.put("iss", "http://127.0.0.1:8180/realms/master"))));
        attacks.add(new Attack("wrong issuer (real token, iss changed)", "Bearer " + forged(claims -> claims.put("iss", "https://attacker.example/realms/rapport"))));
        attacks.add(new Attack("HS256 keyed with the kid (algorithm confusion)", "Bearer " + hmac()));
        attacks.add(new Attack("not yet valid (nbf in a day, self-signed)", "Bearer " + signedByOtherKey(claims -> claims.put("nbf", now + 86_400))));
        if (otherClientBearer != null) {
            attacks.add(new Attack("wrong audience (real token of client session-service)", otherClientBearer));
        }
        return attacks;
    }

    /** The real header and signature, claims changed: the signature no longer matches. */
    private String forged(Consumer<ObjectNode> change) throws Exception {
        ObjectNode claims = realClaims.deepCopy();
        change.accept(claims);
        String[] parts = realToken.split("\\.");
        return parts[0] + "." + encode(claims) + "." + parts[2];
    }

    private String unsigned(Consumer<ObjectNode> headerChange, Consumer<ObjectNode> claimsChange) throws Exception {
        ObjectNode header = realHeader.deepCopy();
        headerChange.accept(header);
        ObjectNode claims = realClaims.deepCopy();
        claimsChange.accept(claims);
        return encode(header) + "." + encode(claims) + ".";
    }

    private String signedByOtherKey(Consumer<ObjectNode> claimsChange) throws Exception {
        return signed(header -> {}, claimsChange);
    }

    /** RS256 with a key generated here: same kid as the realm's unless changed. */
    private String signed(Consumer<ObjectNode> headerChange, Consumer<ObjectNode> claimsChange) throws Exception {
        String input = unsigned(header -> {
            header.put("alg", "RS256");
            headerChange.accept(header);
        }, claimsChange);
        input = input.substring(0, input.length() - 1);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(otherKey.getPrivate());
        rsa.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(rsa.sign());
    }

    private String hmac() throws Exception {
        String input = unsigned(header -> header.put("alg", "HS256"), claims -> {});
        input = input.substring(0, input.length() - 1);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(realHeader.path("kid").asText("key").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String encode(ObjectNode node) throws GeneralSecurityException {
        try {
            return B64.encodeToString(JSON.writeValueAsBytes(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
