package org.betweensessions.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 401 and 403 as problem+json, like every other error of the API. */
final class ProblemSecurityHandlers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemSecurityHandlers() {}

    static AuthenticationEntryPoint unauthorized() {
        return (request, response, ex) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"between-sessions\"");
            write(
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "Unauthorized",
                    "Sign in to use this API (HTTP Basic or a bearer token)",
                    request.getRequestURI());
        };
    }

    static AccessDeniedHandler forbidden() {
        return (request, response, ex) -> write(
                response,
                HttpStatus.FORBIDDEN,
                "Forbidden",
                "Your role may not use this endpoint",
                request.getRequestURI());
    }

    private static void write(
            HttpServletResponse response, HttpStatus status, String title, String detail, String instance)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JSON.writeValue(
                response.getOutputStream(),
                Map.of(
                        "type",
                        "about:blank",
                        "title",
                        title,
                        "status",
                        status.value(),
                        "detail",
                        detail,
                        "instance",
                        instance));
    }
}
