package dev.rapport.analytics.view;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A view's JSON properties in the order Jackson writes them: its record's components, with the
 * components of a {@link JsonUnwrapped} one (the views' {@link Figures}) in its place. The CSV
 * export's columns and the OpenAPI schemas' property order both come from here.
 */
public final class FlatJson {

    /** One property: its name and how to read it from the view. */
    public record Property(String name, Function<Record, Object> reader) {}

    private FlatJson() {}

    public static List<Property> properties(Class<? extends Record> view) {
        List<Property> properties = new ArrayList<>();
        add(view, value -> value, properties);
        return List.copyOf(properties);
    }

    private static void add(Class<?> record, Function<Record, Object> owner, List<Property> properties) {
        for (RecordComponent component : record.getRecordComponents()) {
            Function<Record, Object> reader = owner.andThen(value -> value == null ? null : read(component, (Record) value));
            if (component.getAccessor().isAnnotationPresent(JsonUnwrapped.class)) {
                add(component.getType(), reader, properties);
            } else {
                properties.add(new Property(component.getName(), reader));
            }
        }
    }

    /** The component's value in the record. */
    public static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of a " + record.getClass().getSimpleName(), e);
        }
    }
}
