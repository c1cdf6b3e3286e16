package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Every time column becomes {@code DATETIME(6)} holding UTC. MariaDB's {@code TIMESTAMP} ends on
 * 2038-01-19 and cannot hold 1970-01-01 00:00:00; health records are kept for 7+ years and the
 * processes compute dates far ahead (retention, check-in reviews, leave).
 *
 * <p>Written in Java rather than SQL so that no column is missed: it converts whatever the schema
 * holds as {@code timestamp} (except Flyway's own history table), keeping nullability and comments. The session runs in UTC, so
 * MariaDB's conversion of each stored value (kept internally in UTC) writes the same instant as UTC
 * wall-clock time; the application reads and writes these columns in UTC
 * ({@code hibernate.jdbc.time_zone}).
 */
public class V50__Time_columns_as_utc_datetime extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        List<String> alters = new ArrayList<>();
        try (Statement s = connection.createStatement()) {
            s.execute("set time_zone = '+00:00'");
            try (ResultSet rs = s.executeQuery("""
          select table_name, column_name, is_nullable, column_comment, datetime_precision
          from information_schema.columns
          where table_schema = database() and data_type = 'timestamp'
            and table_name <> 'flyway_schema_history'
          order by table_name, ordinal_position""")) {
                while (rs.next()) {
                    String comment = rs.getString(4);
                    alters.add("alter table `" + rs.getString(1) + "` modify `" + rs.getString(2)
                            + "` datetime(" + Math.max(rs.getInt(5), 6) + ")"
                            + ("NO".equals(rs.getString(3)) ? " not null" : " null")
                            + (comment == null || comment.isEmpty()
                                    ? ""
                                    : " comment '" + comment.replace("'", "''") + "'"));
                }
            }
            for (String alter : alters) {
                s.execute(alter);
            }
        }
    }
}
