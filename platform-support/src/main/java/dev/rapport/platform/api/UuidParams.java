package dev.rapport.platform.api;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.UUID;

/**
 * UUID path and query parameters: JAX-RS answers a path id it cannot convert with 404, as if the
 * record did not exist; a client that sent {@code /api/sessions/not-a-uuid} deserves a 400 that
 * names the parameter, as {@link QueryParams} gives for query parameters.
 */
@Provider
public class UuidParams implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType != UUID.class) {
            return null;
        }
        return (ParamConverter<T>) new Converter(nameOf(annotations));
    }

    static String nameOf(Annotation[] annotations) {
        if (annotations != null) {
            for (Annotation annotation : annotations) {
                if (annotation instanceof PathParam path) {
                    return path.value();
                }
                if (annotation instanceof QueryParam query) {
                    return query.value();
                }
            }
        }
        return "id";
    }

    record Converter(String name) implements ParamConverter<UUID> {

        @Override
        public UUID fromString(String value) {
            if (value == null) {
                return null;
            }
            try {
                return UUID.fromString(value);
            } catch (IllegalArgumentException e) {
                // Thrown as a WebApplicationException: the runtime passes those on as they are (any
                // other failure of a path parameter becomes a 404). ProblemMappers unwraps the cause.
                throw new WebApplicationException(ProblemException.invalidParameter(name, "must be a UUID"), 400);
            }
        }

        @Override
        public String toString(UUID value) {
            return value == null ? null : value.toString();
        }
    }
}
