"""Quorum queues for a RabbitMQ cluster: dramatiq's broker, declaring ``x-queue-type: quorum``.

A quorum queue is replicated on the cluster's nodes (Raft): with three nodes, losing one loses no
confirmed message, and consumers and publishers carry on through the other two. dramatiq declares
three queues per lane (the queue, its delay queue ``.DQ`` and its dead-letter queue ``.XQ``); each
is a quorum queue here. A queue's type is fixed when it is first declared: switching an existing
installation means draining and deleting the old classic queues first.
"""

from __future__ import annotations

from functools import lru_cache

from dramatiq.brokers.rabbitmq import DEAD_MESSAGE_TTL, RabbitmqBroker, xq_name


class QuorumRabbitmqBroker(RabbitmqBroker):
    def _build_queue_arguments(self, queue_name):
        return {**super()._build_queue_arguments(queue_name), "x-queue-type": "quorum"}

    def _declare_xq_queue(self, queue_name):
        return self.channel.queue_declare(
            queue=xq_name(queue_name),
            durable=True,
            arguments={"x-message-ttl": DEAD_MESSAGE_TTL, "x-queue-type": "quorum"},
        )


@lru_cache
def broker_class(queue_type: str):
    return QuorumRabbitmqBroker if queue_type == "quorum" else RabbitmqBroker
