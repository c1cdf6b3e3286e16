package org.betweensessions.database;

import jakarta.persistence.EntityManagerFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.hibernate.Interceptor;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.AbstractEntityPersister;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.Type;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.orm.jpa.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Refuses, before any SQL is sent, a string that does not fit its column. Every insert and update of
 * every entity passes through it, so a composed value (an audit subject, an idempotency key, a
 * template key) that grows past its {@code varchar} fails with a message naming the entity, the field
 * and both lengths, instead of MariaDB's "Data too long" halfway through a transaction or, worse, a
 * job that fails five times and leaves a message unrouted. Composers still have to fit by
 * construction: this makes the ones that do not fail loudly and early, and the schema test walks
 * every mapping through it.
 *
 * <p>The lengths come from the live schema ({@code information_schema}), so a migration that widens
 * or narrows a column needs no change here.
 */
public class ColumnLengthGuard implements Interceptor {

    private final ObjectProvider<EntityManagerFactory> entityManagers;
    private final ObjectProvider<DataSource> dataSources;
    private volatile Map<String, Integer> columnLengths;

    ColumnLengthGuard(ObjectProvider<EntityManagerFactory> entityManagers, ObjectProvider<DataSource> dataSources) {
        this.entityManagers = entityManagers;
        this.dataSources = dataSources;
    }

    /** Thrown before anything is written. */
    public static class ValueTooLongException extends IllegalArgumentException {
        public ValueTooLongException(String message) {
            super(message);
        }
    }

    @Override
    public boolean onPersist(Object entity, Object id, Object[] state, String[] propertyNames, Type[] types) {
        check(entity.getClass(), state, propertyNames);
        return false;
    }

    @Override
    public boolean onFlushDirty(
            Object entity,
            Object id,
            Object[] currentState,
            Object[] previousState,
            String[] propertyNames,
            Type[] types) {
        check(entity.getClass(), currentState, propertyNames);
        return false;
    }

    private void check(Class<?> entityClass, Object[] state, String[] propertyNames) {
        for (int i = 0; i < propertyNames.length; i++) {
            if (state[i] instanceof String value) {
                check(entityClass, propertyNames[i], value);
            }
        }
    }

    /** Throws {@link ValueTooLongException} if {@code value} does not fit the property's column. */
    public void check(Class<?> entityClass, String property, String value) {
        Optional<Integer> limit = maxLength(entityClass, property);
        if (limit.isPresent() && value.length() > limit.get()) {
            throw new ValueTooLongException(String.format(
                    "%s.%s holds at most %d characters (column %s); this value has %d",
                    entityClass.getSimpleName(), property, limit.get(), column(entityClass, property), value.length()));
        }
    }

    /** The maximum length of a property's varchar/char column; empty for unbounded or non-text ones. */
    public Optional<Integer> maxLength(Class<?> entityClass, String property) {
        return Optional.ofNullable(lengths().get(column(entityClass, property)));
    }

    /** {@code table.column} of a single-column property, lower case. */
    public String column(Class<?> entityClass, String property) {
        AbstractEntityPersister persister = persister(entityClass);
        String[] columns = persister.getPropertyColumnNames(property);
        String table = persister.getTableName();
        return (table.substring(table.lastIndexOf('.') + 1) + "." + columns[0]).toLowerCase(Locale.ROOT);
    }

    private AbstractEntityPersister persister(Class<?> entityClass) {
        EntityPersister persister = entityManagers
                .getObject()
                .unwrap(SessionFactoryImplementor.class)
                .getMappingMetamodel()
                .getEntityDescriptor(entityClass);
        return (AbstractEntityPersister) persister;
    }

    private Map<String, Integer> lengths() {
        Map<String, Integer> known = columnLengths;
        if (known == null) {
            Map<String, Integer> loaded = new HashMap<>();
            new JdbcTemplate(dataSources.getObject()).query("""
          select lower(table_name), lower(column_name), character_maximum_length
          from information_schema.columns
          where table_schema = database() and data_type in ('varchar', 'char')""", rs -> {
                loaded.put(rs.getString(1) + "." + rs.getString(2), rs.getInt(3));
            });
            columnLengths = known = Map.copyOf(loaded);
        }
        return known;
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        ColumnLengthGuard columnLengthGuard(
                ObjectProvider<EntityManagerFactory> entityManagers, ObjectProvider<DataSource> dataSources) {
            return new ColumnLengthGuard(entityManagers, dataSources);
        }

        @Bean
        HibernatePropertiesCustomizer columnLengthGuardCustomizer(ColumnLengthGuard guard) {
            return properties -> properties.put("hibernate.session_factory.interceptor", guard);
        }
    }
}
