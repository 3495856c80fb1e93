package dev.rapport.analytics.api;

import dev.rapport.analytics.view.CounsellorView;
import dev.rapport.analytics.view.FlatJson;
import dev.rapport.analytics.view.OrganisationView;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * The views' schemas list their properties in the order of their JSON ({@link FlatJson}).
 * smallrye-openapi writes the properties of an unwrapped component (the views' {@code Figures})
 * first and in no particular order; Jackson writes them in the component's place, in the order of
 * the record.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ViewSchemas implements OASFilter {

    private static final List<Class<? extends Record>> VIEWS = List.of(CounsellorView.class, OrganisationView.class);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        for (Class<? extends Record> view : VIEWS) {
            Schema schema = openAPI.getComponents().getSchemas().get(view.getSimpleName());
            Map<String, Schema> properties = new LinkedHashMap<>();
            for (FlatJson.Property property : FlatJson.properties(view)) {
                if (schema.getProperties().containsKey(property.name())) {
                    properties.put(property.name(), schema.getProperties().get(property.name()));
                }
            }
            if (!properties.keySet().equals(schema.getProperties().keySet())) {
                throw new IllegalStateException("the schema of " + view.getSimpleName() + " has other properties than its JSON: "
                        + schema.getProperties().keySet());
            }
            schema.setProperties(properties);
        }
    }
}
