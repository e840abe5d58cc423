package dev.streamvcr.recording;

import dev.streamvcr.account.AccountLeaving;
import dev.streamvcr.account.AppUser;
import dev.streamvcr.reservation.Reservation;
import dev.streamvcr.reservation.ReservationState;
import dev.streamvcr.web.Conflict;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;

/**
 * When an account is deleted, hands its reservations and recordings to the admin chosen, or deletes them (files
 * too). Refused while one of them is still going on: it has to be stopped first.
 */
@ApplicationScoped
public class LeavingOwner {

    @Inject
    RecordingDeletion deletion;

    void onLeaving(@Observes AccountLeaving leaving) {
        List<ReservationState> going = Arrays.stream(ReservationState.values()).filter(ReservationState::isActive)
                .toList();
        long active = Reservation.count("owner.id = ?1 and state in ?2", leaving.userId(), going);
        if (active > 0) {
            throw new Conflict("This account has " + active + " recording" + (active == 1 ? "" : "s")
                    + " going on; stop " + (active == 1 ? "it" : "them") + " first, then delete the account.");
        }
        if (leaving.heirId() != null) {
            AppUser heir = AppUser.findById(leaving.heirId());
            Reservation.update("owner = ?1 where owner.id = ?2", heir, leaving.userId());
            Recording.update("ownerId = ?1 where ownerId = ?2", heir.id, leaving.userId());
            return;
        }
        List<Long> recordings = Recording.find("select r.id from Recording r where r.ownerId = ?1", leaving.userId())
                .project(Long.class).list();
        for (long id : recordings) {
            deletion.deleteWithOwner(id);
        }
        Recording.flush(); // the recordings' deletions first: the reservations' bulk delete cascades to them in SQL
        Reservation.delete("owner.id", leaving.userId());
    }
}
