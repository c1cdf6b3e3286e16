package org.betweensessions.database;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Points Boot's own DataSource, Flyway and JPA at the embedded MariaDB: nothing downstream knows the
 * difference from a production server.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "bsc.database.embedded", havingValue = "true")
class EmbeddedDatabaseConfiguration {

    static final String DATABASE = "betweensessions";

    @Bean
    EmbeddedMariaDb embeddedMariaDb(DatabaseProperties properties) {
        return EmbeddedMariaDb.startOnce(properties.directory(), properties.port());
    }

    @Bean
    JdbcConnectionDetails embeddedMariaDbConnectionDetails(EmbeddedMariaDb server) {
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return "root";
            }

            @Override
            public String getPassword() {
                return "";
            }

            @Override
            public String getJdbcUrl() {
                return server.jdbcUrl(DATABASE);
            }
        };
    }
}
