-- A host application's own first migration (PlainFlywayTest): Tokenry's V1 must apply beside it.
CREATE TABLE host_orders (id BIGINT PRIMARY KEY, note VARCHAR(100));
