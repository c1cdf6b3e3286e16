package org.betweensessions.coverage;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.betweensessions.api.InvalidFieldException;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.Client;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where the practice records it: the jurisdictions (US states, or another licensing jurisdiction) a
 * clinician is licensed in, and a client's jurisdiction. Both optional. The coverage check reads
 * them: a covering clinician with recorded licences is a conflict for an active client whose
 * recorded jurisdiction is not among them. No licence recorded for the covering clinician, or no
 * jurisdiction for a client: no check for that pair.
 */
@Service
public class Licences {

    /** "NY", "CA", "PR", "ON", "US-NY": letters, digits and a dash, 2 to 10 characters. */
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9-]{1,9}");

    private final JdbcTemplate jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    Licences(JdbcTemplate jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** A client not licensed for: who, by initials, and where they are. */
    public record Unlicensed(String clientId, String initials, String jurisdiction) {

        /** What a form shows: initials, jurisdiction and id; never a name. */
        public String label() {
            return initials + " (" + jurisdiction + ", " + clientId + ")";
        }
    }

    @Transactional(readOnly = true)
    public Set<String> ofClinician(UUID clinicianId) {
        return new TreeSet<>(jdbc.queryForList(
                "select jurisdiction from clinician_licence where clinician_id = ?",
                String.class,
                clinicianId.toString()));
    }

    @Transactional(readOnly = true)
    public Optional<String> ofClient(UUID clientId) {
        return jdbc
                .queryForList(
                        "select jurisdiction from client_jurisdiction where client_id = ?",
                        String.class,
                        clientId.toString())
                .stream()
                .findFirst();
    }

    /** Replaces the clinician's licences (an empty list: none recorded, no check). Audited. */
    @Transactional
    public Set<String> recordClinician(UUID clinicianId, Collection<String> jurisdictions, String by) {
        Set<String> codes = new TreeSet<>();
        for (String j : jurisdictions == null ? List.<String>of() : jurisdictions) {
            codes.add(code(j, "jurisdictions"));
        }
        if (codes.size() > 60) {
            throw InvalidFieldException.outOfRange("jurisdictions", "At most 60 jurisdictions");
        }
        Set<String> before = ofClinician(clinicianId);
        jdbc.update("delete from clinician_licence where clinician_id = ?", clinicianId.toString());
        Timestamp now = now();
        for (String code : codes) {
            jdbc.update(
                    "insert into clinician_licence (clinician_id, jurisdiction, recorded_by, recorded_at)"
                            + " values (?, ?, ?, ?)",
                    clinicianId.toString(),
                    code,
                    by,
                    now);
        }
        if (!before.equals(codes)) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("before", String.join(",", before));
            details.put("jurisdictions", String.join(",", codes));
            audit.record(by, "CLINICIAN_LICENCES_RECORDED", "CLINICIAN", clinicianId, details);
        }
        return codes;
    }

    /** The client's jurisdiction, or none (null or blank: no check). Audited. */
    @Transactional
    public Optional<String> recordClient(UUID clientId, String jurisdiction, String by) {
        Optional<String> code = jurisdiction == null || jurisdiction.isBlank()
                ? Optional.empty()
                : Optional.of(code(jurisdiction, "jurisdiction"));
        Optional<String> before = ofClient(clientId);
        jdbc.update("delete from client_jurisdiction where client_id = ?", clientId.toString());
        code.ifPresent(c -> jdbc.update(
                "insert into client_jurisdiction (client_id, jurisdiction, recorded_by, recorded_at)"
                        + " values (?, ?, ?, ?)",
                clientId.toString(),
                c,
                by,
                now()));
        if (!before.equals(code)) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("before", before.orElse(""));
            details.put("jurisdiction", code.orElse(""));
            audit.record(by, "CLIENT_JURISDICTION_RECORDED", "CLIENT", clientId, details);
        }
        return code;
    }

    /**
     * The active clients whose recorded jurisdiction the covering clinician's recorded licences do not
     * include; empty when the covering clinician has no licence recorded.
     */
    @Transactional(readOnly = true)
    public List<Unlicensed> notLicensedFor(UUID coveringClinicianId, List<Client> clients) {
        Set<String> licensed = ofClinician(coveringClinicianId);
        List<Unlicensed> out = new ArrayList<>();
        if (licensed.isEmpty()) {
            return out;
        }
        for (Client client : clients) {
            ofClient(client.getId())
                    .filter(j -> !licensed.contains(j))
                    .ifPresent(j -> out.add(new Unlicensed(client.getId().toString(), client.getInitials(), j)));
        }
        return out;
    }

    private static String code(String raw, String field) {
        String code = raw == null ? "" : raw.trim().toUpperCase(Locale.ROOT);
        if (!CODE.matcher(code).matches()) {
            throw new InvalidFieldException(field, "A jurisdiction code such as NY or CA (2 to 10 letters, digits, -)");
        }
        return code;
    }

    private Timestamp now() {
        return Timestamp.valueOf(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    }
}
