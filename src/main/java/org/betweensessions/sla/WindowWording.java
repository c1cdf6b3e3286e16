package org.betweensessions.sla;

import org.betweensessions.calendar.ResponseWindow;

/** A response window in the words clients were given: "24 business hours", "1 business day". */
final class WindowWording {

    private WindowWording() {}

    static String of(ResponseWindow window, String language) {
        boolean es = "es".equals(language);
        int n = window.amount();
        return switch (window.kind()) {
            case BUSINESS_HOURS ->
                es
                        ? n + (n == 1 ? " hora hábil" : " horas hábiles")
                        : n + (n == 1 ? " business hour" : " business hours");
            case BUSINESS_DAYS ->
                es ? n + (n == 1 ? " día hábil" : " días hábiles") : n + (n == 1 ? " business day" : " business days");
            case CALENDAR_HOURS -> es ? n + (n == 1 ? " hora" : " horas") : n + (n == 1 ? " hour" : " hours");
            case CALENDAR_DAYS -> es ? n + (n == 1 ? " día" : " días") : n + (n == 1 ? " day" : " days");
        };
    }
}
