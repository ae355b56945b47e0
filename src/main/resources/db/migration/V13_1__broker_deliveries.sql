-- Queue intake (#13): the broker's id of the message a report came from, so a redelivery (the acknowledgement was lost
-- when the process died after its commit) finds the report instead of storing a second one.
ALTER TABLE report ADD COLUMN delivery_id VARCHAR(300);
CREATE UNIQUE INDEX uq_report_delivery ON report(delivery_id);
