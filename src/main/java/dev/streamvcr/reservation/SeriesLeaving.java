package dev.streamvcr.reservation;

import dev.streamvcr.account.AccountLeaving;
import dev.streamvcr.account.AppUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * When an account is deleted, hands its series to the admin chosen, or deletes them (their reservations go with the
 * account's reservations, or to the same admin).
 */
@ApplicationScoped
public class SeriesLeaving {

    void onLeaving(@Observes AccountLeaving leaving) {
        if (leaving.heirId() != null) {
            Series.update("owner = ?1 where owner.id = ?2", AppUser.findById(leaving.heirId()), leaving.userId());
        } else {
            Series.delete("owner.id", leaving.userId());
        }
    }
}
