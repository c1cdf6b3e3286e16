package org.betweensessions.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.DeployResourceCommandStep1.DeployResourceCommandStep2;
import io.camunda.client.api.response.DeploymentEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deploys the bundled {@code bpmn/} and {@code forms/} to a cluster without undoing a supervisor's
 * Modeler deployment. The rule, per file:
 *
 * <ul>
 *   <li>unchanged since this application last deployed it (same SHA-256 in {@code bundled_deployment})
 *       and the cluster holds a version of it: <b>not deployed</b>, so whatever was deployed from
 *       Modeler since then stays the latest version;
 *   <li>changed in this release, and the cluster's latest version is newer than the one this
 *       application deployed (someone deployed from Modeler in between): <b>refused</b>, logged as an
 *       error and counted ({@code bsc_bundled_deployment_refused}); the cluster's version keeps
 *       running until the Modeler change is merged into {@code bpmn/} and the release is started with
 *       the file named in {@code bsc.engine.deploy-over-cluster};
 *   <li>otherwise (new file, first start, changed file with no outside deployment, or named in
 *       {@code force}): <b>deployed</b>, and its versions recorded.
 * </ul>
 */
public class BundledDeployment {

    /** The latest version the cluster holds of a definition (kind: process, drd, form), if known. */
    public interface LatestVersions {
        OptionalInt of(String kind, String id);
    }

    public record Outcome(List<String> deployed, List<String> unchanged, List<String> refused) {}

    private static final Logger LOG = LoggerFactory.getLogger(BundledDeployment.class);

    private final CamundaClient client;
    private final JdbcTemplate jdbc;
    private final LatestVersions cluster;
    private final Clock clock;

    public BundledDeployment(CamundaClient client, JdbcTemplate jdbc, LatestVersions cluster, Clock clock) {
        this.client = client;
        this.jdbc = jdbc;
        this.cluster = cluster;
        this.clock = clock;
    }

    /** Applies the rule to {@code resources}; {@code force} names files deployed over the cluster's. */
    public Outcome run(List<Resource> resources, Set<String> force) {
        List<String> deployed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        DeployResourceCommandStep2 command = null;
        List<String> checksums = new ArrayList<>();
        for (Resource resource : resources) {
            String name = resource.getFilename();
            byte[] content = bytes(resource);
            String checksum = sha256(content);
            List<Recorded> recorded = jdbc.query(
                    "select definition_kind, definition_id, checksum, version from bundled_deployment"
                            + " where resource_name = ?",
                    (rs, i) -> new Recorded(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)),
                    name);
            boolean same = !recorded.isEmpty()
                    && recorded.stream().allMatch(r -> r.checksum().equals(checksum));
            if (!force.contains(name)
                    && same
                    && recorded.stream().allMatch(r -> latest(r).isPresent())) {
                unchanged.add(name);
                continue;
            }
            if (!force.contains(name) && !same) {
                String newer = recorded.stream()
                        .filter(r -> latest(r).orElse(0) > r.version())
                        .map(r -> r.kind() + " " + r.id() + ": cluster v"
                                + latest(r).getAsInt() + ", deployed by this application v" + r.version())
                        .reduce((a, b) -> a + "; " + b)
                        .orElse(null);
                if (newer != null) {
                    LOG.error(
                            "NOT deploying bundled {}: the cluster holds a newer version deployed from"
                                    + " outside this application (Modeler?) ({}). It keeps running. Merge that change"
                                    + " into bpmn/ and start with bsc.engine.deploy-over-cluster={} to deploy this file"
                                    + " anyway (docs/production.md, 'Supervisors' changes').",
                            name,
                            newer,
                            name);
                    refused.add(name);
                    continue;
                }
            }
            command = command == null
                    ? client.newDeployResourceCommand().addResourceBytes(content, name)
                    : command.addResourceBytes(content, name);
            deployed.add(name);
            checksums.add(checksum);
        }
        if (command != null) {
            record(command.send().join(), deployed, checksums);
        }
        LOG.info("Bundled deployment: deployed {}, unchanged {}, refused {}", deployed, unchanged, refused);
        return new Outcome(List.copyOf(deployed), List.copyOf(unchanged), List.copyOf(refused));
    }

    /**
     * What the cluster holds; when it cannot be read, assume something newer than anything recorded, so
     * an unchanged file is left alone and a changed one is refused rather than deployed blindly.
     */
    private OptionalInt latest(Recorded r) {
        try {
            return cluster.of(r.kind(), r.id());
        } catch (RuntimeException e) {
            LOG.warn("Cannot read the cluster's latest {} {}: {}", r.kind(), r.id(), e.toString());
            return OptionalInt.of(Integer.MAX_VALUE);
        }
    }

    private void record(DeploymentEvent event, List<String> names, List<String> checksums) {
        Timestamp now = Timestamp.from(clock.instant());
        event.getProcesses()
                .forEach(p -> upsert(
                        "process",
                        p.getBpmnProcessId(),
                        p.getResourceName(),
                        checksums.get(names.indexOf(p.getResourceName())),
                        p.getVersion(),
                        now));
        event.getDecisionRequirements()
                .forEach(d -> upsert(
                        "drd",
                        d.getDmnDecisionRequirementsId(),
                        d.getResourceName(),
                        checksums.get(names.indexOf(d.getResourceName())),
                        d.getVersion(),
                        now));
        event.getForm()
                .forEach(f -> upsert(
                        "form",
                        f.getFormId(),
                        f.getResourceName(),
                        checksums.get(names.indexOf(f.getResourceName())),
                        f.getVersion(),
                        now));
    }

    private void upsert(String kind, String id, String resource, String checksum, int version, Timestamp at) {
        jdbc.update(
                "insert into bundled_deployment (definition_kind, definition_id, resource_name,"
                        + " checksum, version, deployed_at) values (?, ?, ?, ?, ?, ?) on duplicate key update"
                        + " resource_name = values(resource_name), checksum = values(checksum),"
                        + " version = values(version), deployed_at = values(deployed_at)",
                kind,
                id,
                resource,
                checksum,
                version,
                at);
    }

    private record Recorded(String kind, String id, String checksum, int version) {}

    private static byte[] bytes(Resource resource) {
        try {
            return resource.getContentAsByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
