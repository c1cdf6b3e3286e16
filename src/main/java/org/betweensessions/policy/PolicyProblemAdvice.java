package org.betweensessions.policy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** An invalid policy is a 400 naming every offending field, in the same shape as bean validation. */
// Problem+json for the API only; the workspace's pages have their own error pages.
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PolicyProblemAdvice {

    @ExceptionHandler(InvalidPolicyException.class)
    ResponseEntity<ProblemDetail> invalidPolicy(InvalidPolicyException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
        problem.setTitle("Invalid request");
        problem.setType(URI.create("about:blank"));
        List<Map<String, String>> errors = ex.errors().stream()
                .map(e -> Map.of("field", e.field(), "message", e.message()))
                .toList();
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }
}
