package org.betweensessions.notify;

/**
 * Sends an alert to a person. The embedded default logs it (the staff_alert row is the record);
 * production can post it to a paging or SMS gateway ({@code bsc.notifier.webhook-url}). A failure
 * throws, so the job fails, retries, and ends as an incident in Operate if the gateway stays down.
 */
public interface Notifier {

    void send(StaffNotification notification);
}
