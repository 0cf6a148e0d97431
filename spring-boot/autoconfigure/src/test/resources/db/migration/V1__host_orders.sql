-- The host application's own first migration: Tokenry's migrations must apply beside it.
CREATE TABLE host_orders (id BIGINT PRIMARY KEY, note VARCHAR(100));
