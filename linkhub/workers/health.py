"""Readiness of the message broker (found by discovery: linkhub.platform.health).

The in-process broker of the embedded default is ready whenever the process is. RabbitMQ is
checked by opening (and closing) an AMQP connection with short timeouts, the way a worker would
connect; the answer names the failure's class only (the URL carries a password).
"""

from __future__ import annotations

from flask import current_app

from linkhub.platform.health import readiness_check


@readiness_check("broker")
def broker() -> dict:
    url = current_app.config.get("BROKER_URL") or ""
    if not url.startswith("amqp"):
        return {"ok": True, "kind": "in-process"}
    import pika

    parameters = pika.URLParameters(url)
    parameters.socket_timeout = parameters.blocked_connection_timeout = 3
    parameters.connection_attempts, parameters.retry_delay = 1, 0
    try:
        connection = pika.BlockingConnection(parameters)
    except Exception as exc:  # reported, never raised
        return {"ok": False, "kind": "rabbitmq", "error": type(exc).__name__}
    connection.close()
    return {"ok": True, "kind": "rabbitmq"}
