-- One database per service (ServiceRegistry); each service migrates its own schema with Flyway.
CREATE DATABASE lore_gateway;
CREATE DATABASE lore_ingestion;
CREATE DATABASE lore_retrieval;
CREATE DATABASE lore_audit;
