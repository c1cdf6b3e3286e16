package org.betweensessions.billing;

import java.util.UUID;
import org.betweensessions.security.CurrentUser;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The practice's billing list: a client's between-session time in one month. */
@RestController
class BillingController {

    private final Billing billing;

    BillingController(Billing billing) {
        this.billing = billing;
    }

    /** {@code month}: yyyy-MM, default this month; dates, minutes, units and category, never text. */
    @GetMapping("/api/clients/{id}/billing")
    Billing.Month month(@PathVariable UUID id, @RequestParam(required = false) String month, Authentication auth) {
        return billing.month(id, month, CurrentUser.of(auth));
    }
}
