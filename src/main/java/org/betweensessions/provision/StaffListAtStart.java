package org.betweensessions.provision;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.betweensessions.practice.Practice;
import org.betweensessions.provision.StaffList.Person;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * At every start of a production deployment: the practice and its staff records follow the staff
 * list ({@code bsc.practice.staff-file}, the same {@code config/staff.csv} the logins and Camunda
 * accounts are generated from). A list with a mistake stops the start, naming the line. Several
 * replicas starting together take turns (a MariaDB named lock), so none creates a second practice
 * or trips over another's new rows.
 */
@Component
@Order(-10)
@ConditionalOnProperty(name = "bsc.practice.staff-file")
class StaffListAtStart implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(StaffListAtStart.class);
    static final String LOCK = "between-sessions.staff-list";

    private final PracticeProperties properties;
    private final StaffDirectory directory;
    private final JdbcTemplate jdbc;

    StaffListAtStart(PracticeProperties properties, StaffDirectory directory, JdbcTemplate jdbc) {
        this.properties = properties;
        this.directory = directory;
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        apply();
    }

    StaffDirectory.Changes apply() throws Exception {
        List<Person> people = StaffList.read(Path.of(properties.staffFile()));
        StaffDirectory.Changes changes = underLock(() -> {
            Practice practice = directory.practice(properties.name(), properties.zone(), properties.parsedHolidays());
            return directory.sync(practice.getId(), people);
        });
        LOG.info(
                "Staff list {}: {} people; {} records created, {} updated, {} deactivated",
                properties.staffFile(),
                people.size(),
                changes.created(),
                changes.updated(),
                changes.deactivated());
        return changes;
    }

    /** Runs {@code work} while holding the staff-list lock (one instance at a time). */
    <T> T underLock(Supplier<T> work) {
        return jdbc.execute((ConnectionCallback<T>) connection -> {
            try (var lock = connection.prepareStatement("select get_lock(?, 120)")) {
                lock.setString(1, LOCK);
                try (var result = lock.executeQuery()) {
                    if (!result.next() || result.getInt(1) != 1) {
                        throw new IllegalStateException("Another instance held " + LOCK + " for 120 s");
                    }
                }
            }
            try {
                return work.get();
            } finally {
                try (var release = connection.prepareStatement("select release_lock(?)")) {
                    release.setString(1, LOCK);
                    release.executeQuery().close();
                }
            }
        });
    }
}
