-- MLflow's own database beside the bot's state (POSTGRES_DB); both owned by the same role.
CREATE DATABASE mlflow OWNER mlops;
