package dev.streamvcr.reservation;

import static dev.streamvcr.reservation.ReservationState.CANCELLED;
import static dev.streamvcr.reservation.ReservationState.COMPLETED;
import static dev.streamvcr.reservation.ReservationState.FAILED;
import static dev.streamvcr.reservation.ReservationState.MISSED;
import static dev.streamvcr.reservation.ReservationState.RECONNECTING;
import static dev.streamvcr.reservation.ReservationState.RECORDING;
import static dev.streamvcr.reservation.ReservationState.RESOLVING;
import static dev.streamvcr.reservation.ReservationState.SCHEDULED;
import static dev.streamvcr.reservation.ReservationState.WAITING_FOR_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamvcr.notify.NoticeKind;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which state changes tell the owner something. */
class StateNoticesTest {

    @Test
    void aStartIsTheFirstRecordingNotTheReturnFromADrop() {
        assertEquals(Optional.of(NoticeKind.STARTED), StateJournal.noticeOf(WAITING_FOR_STREAM, RECORDING));
        assertEquals(Optional.of(NoticeKind.STARTED), StateJournal.noticeOf(RESOLVING, RECORDING));
        assertEquals(Optional.empty(), StateJournal.noticeOf(RECONNECTING, RECORDING));
    }

    @Test
    void aDropWhileRecordingIsAGap() {
        assertEquals(Optional.of(NoticeKind.GAP), StateJournal.noticeOf(RECORDING, RECONNECTING));
        assertEquals(Optional.empty(), StateJournal.noticeOf(RESOLVING, RECONNECTING));
    }

    @Test
    void endsTellHowTheyEnded() {
        assertEquals(Optional.of(NoticeKind.FAILED), StateJournal.noticeOf(RECONNECTING, FAILED));
        assertEquals(Optional.of(NoticeKind.FAILED), StateJournal.noticeOf(SCHEDULED, MISSED));
        assertEquals(Optional.of(NoticeKind.COMPLETED), StateJournal.noticeOf(RECORDING, COMPLETED));
        assertEquals(Optional.empty(), StateJournal.noticeOf(SCHEDULED, CANCELLED), "the owner cancelled it");
        assertEquals(Optional.empty(), StateJournal.noticeOf(SCHEDULED, RESOLVING));
    }
}
