package org.betweensessions.sla;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The figures behind {@code /api/sla/breaches} and {@code /api/sla/summary}. */
@Service
public class SlaReports {

    private final ResponseSlaRepository slas;
    private final Clock clock;

    SlaReports(ResponseSlaRepository slas, Clock clock) {
        this.slas = slas;
        this.clock = clock;
    }

    /**
     * @param overdueMinutes how late the answer came (or is, while unanswered), in whole minutes
     * @param overdueBy the same for people: "7 days 0 h 2 min", "3 h 15 min", "12 min"
     */
    public record Breach(
            UUID messageId,
            UUID clinicianId,
            String assignee,
            String route,
            String category,
            String window,
            Instant receivedAt,
            Instant dueAt,
            Instant breachedAt,
            Instant answeredAt,
            long overdueMinutes,
            String overdueBy,
            String reviewOutcome,
            String reviewedBy) {

        static Breach of(ResponseSla s, Instant now) {
            Duration late = Duration.between(s.getDueAt(), s.getAnsweredAt() == null ? now : s.getAnsweredAt());
            return new Breach(
                    s.getMessageId(),
                    s.getClinicianId(),
                    s.getAssignee(),
                    s.getRoute(),
                    s.getCategory(),
                    s.getWindowKey(),
                    s.getReceivedAt(),
                    s.getDueAt(),
                    s.getBreachedAt(),
                    s.getAnsweredAt(),
                    late.toMinutes(),
                    readable(late),
                    s.getReviewOutcome(),
                    s.getReviewedBy());
        }
    }

    /** Days, hours and minutes as a person reads them; seconds do not matter for a breach. */
    static String readable(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        long days = minutes / (24 * 60);
        long hours = minutes / 60 % 24;
        long mins = minutes % 60;
        if (days > 0) {
            return days + (days == 1 ? " day " : " days ") + hours + " h " + mins + " min";
        }
        return hours > 0 ? hours + " h " + mins + " min" : mins + " min";
    }

    @Transactional(readOnly = true)
    public List<Breach> breaches(Instant from, Instant to, UUID clinicianId) {
        Instant now = clock.instant();
        return slas.findBreaches(from, to, clinicianId).stream()
                .map(s -> Breach.of(s, now))
                .toList();
    }

    /**
     * One row per person who had to answer and category, plus an {@code ALL} row per person. Response
     * times are business time (office hours of the clinician's calendar: what the promise measures)
     * and real elapsed time (what the client lived through). Percentiles use the nearest-rank method.
     */
    public record SummaryRow(
            String assignee,
            String category,
            int answered,
            int onTime,
            double onTimeShare,
            Duration medianResponse,
            Duration p90Response,
            Duration medianElapsed,
            Duration p90Elapsed,
            int outsideOfficeHours,
            int breaches) {}

    @Transactional(readOnly = true)
    public List<SummaryRow> summary(Instant from, Instant to, UUID clinicianId) {
        List<ResponseSla> answered = slas.findAnswered(from, to, clinicianId);
        List<ResponseSla> breached = slas.findBreaches(from, to, clinicianId);
        Map<String, List<ResponseSla>> groups = new TreeMap<>();
        Map<String, Integer> breachCounts = new TreeMap<>();
        for (ResponseSla s : answered) {
            groups.computeIfAbsent(s.getAssignee() + "\u0000" + s.getCategory(), k -> new ArrayList<>())
                    .add(s);
            groups.computeIfAbsent(s.getAssignee() + "\u0000ALL", k -> new ArrayList<>())
                    .add(s);
        }
        for (ResponseSla s : breached) {
            breachCounts.merge(s.getAssignee() + "\u0000" + s.getCategory(), 1, Integer::sum);
            breachCounts.merge(s.getAssignee() + "\u0000ALL", 1, Integer::sum);
            groups.computeIfAbsent(s.getAssignee() + "\u0000" + s.getCategory(), k -> new ArrayList<>());
            groups.computeIfAbsent(s.getAssignee() + "\u0000ALL", k -> new ArrayList<>());
        }
        List<SummaryRow> rows = new ArrayList<>();
        groups.forEach((key, list) -> {
            String[] parts = key.split("\u0000");
            int onTime = (int) list.stream()
                    .filter(s -> Boolean.TRUE.equals(s.getOnTime()))
                    .count();
            rows.add(new SummaryRow(
                    parts[0],
                    parts[1],
                    list.size(),
                    onTime,
                    list.isEmpty() ? 0 : Math.round(1000.0 * onTime / list.size()) / 1000.0,
                    percentile(list, 0.5, ResponseSla::getBusinessSeconds),
                    percentile(list, 0.9, ResponseSla::getBusinessSeconds),
                    percentile(list, 0.5, ResponseSla::getElapsedSeconds),
                    percentile(list, 0.9, ResponseSla::getElapsedSeconds),
                    (int) list.stream()
                            .filter(s -> Boolean.TRUE.equals(s.getOutsideOfficeHours()))
                            .count(),
                    breachCounts.getOrDefault(key, 0)));
        });
        rows.sort(Comparator.comparing(SummaryRow::assignee)
                .thenComparing(r -> r.category().equals("ALL") ? "" : r.category()));
        return rows;
    }

    /** Nearest rank: the smallest value with at least p of the values at or below it. */
    static Duration percentile(List<ResponseSla> rows, double p, Function<ResponseSla, Long> seconds) {
        List<Long> values =
                rows.stream().map(seconds).filter(v -> v != null).sorted().toList();
        if (values.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p * values.size());
        return Duration.ofSeconds(values.get(Math.max(rank, 1) - 1));
    }
}
