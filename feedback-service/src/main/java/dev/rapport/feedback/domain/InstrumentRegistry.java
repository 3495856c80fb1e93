package dev.rapport.feedback.domain;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The instruments a deployment offers: the bundled definitions, overridden or extended by an
 * organisation's own directory. An organisation file with a bundled id replaces that definition
 * as a whole (typically to add the licensed item wording); one with a new id adds an instrument.
 * Immutable: definitions are read once at start-up.
 */
public final class InstrumentRegistry {

    private final Map<String, InstrumentDefinition> byId;
    private final List<InstrumentDefinition> ordered;

    /**
     * @throws InvalidInstrumentDefinitionException if a definition breaks a rule or two share an id
     */
    public InstrumentRegistry(Collection<InstrumentDefinition> definitions) {
        Map<String, InstrumentDefinition> sorted = new LinkedHashMap<>();
        definitions.stream()
                .sorted(Comparator.comparing(InstrumentDefinition::id))
                .forEach(definition -> {
                    InstrumentDefinitionValidator.validate("instrument " + definition.id(), definition);
                    if (sorted.putIfAbsent(definition.id(), definition) != null) {
                        throw new InvalidInstrumentDefinitionException("instrument " + definition.id(), "id",
                                "is defined twice");
                    }
                });
        this.byId = Map.copyOf(sorted);
        this.ordered = List.copyOf(sorted.values());
    }

    /**
     * Loads the bundled definitions, then every {@code *.json} of {@code organisationDirectory}
     * if given.
     *
     * @throws InvalidInstrumentDefinitionException naming the file and field of the first problem
     */
    public static InstrumentRegistry load(Optional<Path> organisationDirectory) {
        InstrumentDefinitionLoader loader = new InstrumentDefinitionLoader();
        Map<String, InstrumentDefinition> byId = new LinkedHashMap<>();
        loader.loadBundled().forEach(definition -> byId.put(definition.id(), definition));
        organisationDirectory.ifPresent(directory ->
                loader.loadDirectory(directory).forEach(definition -> byId.put(definition.id(), definition)));
        return new InstrumentRegistry(byId.values());
    }

    public Optional<InstrumentDefinition> find(String id) {
        return Optional.ofNullable(id).map(byId::get);
    }

    /** @throws UnknownInstrumentException when no instrument has that id */
    public InstrumentDefinition require(String id) {
        return find(id).orElseThrow(() -> new UnknownInstrumentException(id));
    }

    /** Every instrument, ordered by id. */
    public List<InstrumentDefinition> all() {
        return ordered;
    }
}
