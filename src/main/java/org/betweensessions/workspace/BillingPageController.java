package org.betweensessions.workspace;

import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.betweensessions.api.InvalidFieldException;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.billing.Billing;
import org.betweensessions.security.CurrentUser;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The billing list of one client and month, as a page: dates, minutes, billable units and category,
 * never text. The same checks as {@code GET /api/clients/{id}/billing}.
 */
@Controller
class BillingPageController {

    private final Billing billing;

    BillingPageController(Billing billing) {
        this.billing = billing;
    }

    @GetMapping("/clients/{id}/billing")
    String month(
            @PathVariable UUID id, @RequestParam(required = false) String month, Authentication auth, Model model) {
        CurrentUser user = CurrentUser.of(auth);
        Billing.Month list = billing.month(id, month, user);
        model.addAttribute("user", user);
        model.addAttribute("list", list);
        model.addAttribute("previous", list.month().minusMonths(1).toString());
        model.addAttribute("next", list.month().plusMonths(1).toString());
        return "billing";
    }

    @ExceptionHandler(AccessDeniedException.class)
    String forbidden(HttpServletResponse response, Model model) {
        response.setStatus(403);
        model.addAttribute("status", 403);
        model.addAttribute("title", "Not yours to open");
        model.addAttribute("detail", "This client is another clinician's.");
        return "problem";
    }

    @ExceptionHandler({NotFoundException.class, InvalidFieldException.class, MethodArgumentTypeMismatchException.class})
    String notFound(Exception e, HttpServletResponse response, Model model) {
        boolean badMonth = e instanceof InvalidFieldException;
        response.setStatus(badMonth ? 422 : 404);
        model.addAttribute("status", badMonth ? 422 : 404);
        model.addAttribute("title", badMonth ? "Not a month" : "Not found");
        model.addAttribute(
                "detail",
                badMonth
                        ? "Give the month as year and month, like 2026-12."
                        : "There is no such client in your practice.");
        return "problem";
    }
}
