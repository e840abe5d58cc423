package dev.streamvcr.reservation;

import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * Tells open reservation pages that something changed, through the Vert.x event bus, so that they need not ask the
 * database every second: {@link Kind#PROGRESS} when this node's live recording figures moved (no database read is
 * needed to show them), {@link Kind#STATE} once a state change is committed. The bus is this node's own: changes
 * made by another node reach a page at its next periodic look.
 */
@ApplicationScoped
public class ReservationChanges {

    /** What changed. */
    public enum Kind {
        PROGRESS, STATE
    }

    /** Fired inside the transaction that changed a reservation's state; published once it commits. */
    public record StateChanged(long reservationId) {
    }

    @Inject
    Vertx vertx;

    /** This node's live figures of the reservation's recording moved. */
    public void progress(long reservationId) {
        vertx.eventBus().publish(address(reservationId), Kind.PROGRESS.name());
    }

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) StateChanged change) {
        vertx.eventBus().publish(address(change.reservationId()), Kind.STATE.name());
    }

    /** The changes of one reservation from now on, until the subscriber cancels. */
    public Multi<Kind> of(long reservationId) {
        return Multi.createFrom().emitter(emitter -> {
            MessageConsumer<String> consumer = vertx.eventBus().<String>localConsumer(address(reservationId),
                    message -> emitter.emit(Kind.valueOf(message.body())));
            emitter.onTermination(consumer::unregister);
        });
    }

    private static String address(long reservationId) {
        return "streamvcr.reservation." + reservationId;
    }
}
