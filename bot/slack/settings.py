"""Slack secrets and serving knobs from the environment; secrets never print."""

from __future__ import annotations

from pydantic import Field, SecretStr

from tools.settings import EnvSettings


class SlackSettings(EnvSettings):
    bot_token: SecretStr = Field(validation_alias="SLACK_BOT_TOKEN", description="the app's bot token (xoxb-…)")
    signing_secret: SecretStr = Field(validation_alias="SLACK_SIGNING_SECRET",
                                      description="verifies that HTTP requests come from Slack")
    app_token: SecretStr | None = Field(None, validation_alias="SLACK_APP_TOKEN",
                                        description="an app-level token (xapp-…): when set, `serve` uses Socket Mode "
                                                    "instead of HTTP")
    api_url: str = Field("https://slack.com/api/", validation_alias="SLACK_API_URL",
                         description="Slack's Web API; tests point it at a local fake")
    workers: int = Field(4, ge=1, le=64, validation_alias="MLOPS_WORKERS",
                         description="threads that run, follow and post tool work (in `serve`'s work process)")
    work_niceness: int = Field(19, ge=0, le=19, validation_alias="MLOPS_WORK_NICENESS",
                               description="CPU niceness of `serve`'s work process and its local pool: the acks "
                                           "come first (19, the default, also puts them in Linux's idle scheduling "
                                           "class; 0 shares the CPU with the acks equally)")

    @property
    def base_url(self) -> str:
        return self.api_url if self.api_url.endswith("/") else self.api_url + "/"


class WebhookSettings(EnvSettings):
    """The MLflow registry webhook `serve` receives at POST /mlflow/webhook (`mlops-bot webhooks register`)."""

    mlflow_webhook_secret: SecretStr | None = Field(
        None, validation_alias="MLOPS_MLFLOW_WEBHOOK_SECRET",
        description="the HMAC secret MLflow signs its registry webhook deliveries with; `serve` refuses deliveries "
                    "while it is unset, and `mlops-bot webhooks register` gives it to MLflow")
