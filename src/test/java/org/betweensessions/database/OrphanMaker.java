package org.betweensessions.database;

/** Child JVM of {@link OrphanedServerTest}: starts the embedded MariaDB on a folder and waits. */
public final class OrphanMaker {

    private OrphanMaker() {}

    public static void main(String[] args) throws Exception {
        EmbeddedMariaDb server = EmbeddedMariaDb.startOnce(args[0], 0);
        System.out.println("READY " + server.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
