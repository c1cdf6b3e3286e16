package org.betweensessions.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** Problem details written by servlet filters, which run before (outside) the controller advice. */
public final class ProblemWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemWriter() {}

    public static void write(
            HttpServletResponse response, HttpStatus status, String title, String detail, String instance)
            throws IOException {
        write(response, status, title, detail, instance, null);
    }

    /** @param field when not null, named in {@code errors} like bean validation does */
    public static void write(
            HttpServletResponse response, HttpStatus status, String title, String detail, String instance, String field)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", instance);
        if (field != null) {
            body.put("errors", List.of(Map.of("field", field, "message", detail)));
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), body);
    }
}
