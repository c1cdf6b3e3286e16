-- Who posted an inbound message: the channel integration, or a staff member entering it on the
-- client's behalf. Shown with the message; null for messages stored before this column existed.
alter table message add column entered_by varchar(100);
