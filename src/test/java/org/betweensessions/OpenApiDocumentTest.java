package org.betweensessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The OpenAPI document at /v3/api-docs describes every endpoint under /api the application serves
 * (generated from the controllers, so it cannot drift; this checks nothing is hidden from it), and
 * the banner's http://localhost:8080/api opens its browsable page, for staff only.
 */
class OpenApiDocumentTest extends EmbeddedStackTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyApiEndpointIsInTheDocument() {
        Api api = new Api(port);
        Api.Response doc = api.get("sam", "/v3/api-docs");
        assertThat(doc.status()).isEqualTo(200);
        JsonNode paths = doc.json().get("paths");

        List<String> missing = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            for (String path : info.getPatternValues()) {
                if (!path.startsWith("/api/")) {
                    continue;
                }
                for (var verb : info.getMethodsCondition().getMethods()) {
                    JsonNode operation = paths.path(path).path(verb.name().toLowerCase(Locale.ROOT));
                    if (operation.isMissingNode()) {
                        missing.add(verb + " " + path);
                    }
                }
            }
        });
        assertThat(missing).isEmpty();
        assertThat(paths.has("/api/messages")).isTrue();
    }

    @Test
    void theBrowsablePageIsForStaff() {
        Api api = new Api(port);
        assertThat(api.get("alex", "/api").status()).isIn(200, 302);
        assertThat(api.get("alex", "/swagger-ui/index.html").status()).isEqualTo(200);
        assertThat(api.get("portal", "/v3/api-docs").status()).isEqualTo(403);
        assertThat(api.get(null, "/v3/api-docs").status()).isEqualTo(401);
    }
}
