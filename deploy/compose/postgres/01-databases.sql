-- Run once by the postgres:15 image of docker-compose.yml on an empty data volume.
-- The same databases as ./platform creates on the machine's PostgreSQL.
CREATE DATABASE rapport_session;
CREATE DATABASE rapport_feedback;
CREATE DATABASE rapport_analytics;
-- the test twins, for running ./mvnw verify on the host against this server
CREATE DATABASE rapport_session_test;
CREATE DATABASE rapport_feedback_test;
CREATE DATABASE rapport_analytics_test;
