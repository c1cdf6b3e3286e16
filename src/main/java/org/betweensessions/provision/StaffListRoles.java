package org.betweensessions.provision;

import java.util.Optional;
import org.betweensessions.practice.StaffMember;
import org.betweensessions.practice.StaffMemberRepository;
import org.betweensessions.security.StaffRole;
import org.betweensessions.security.StaffRoles;
import org.springframework.stereotype.Component;

/** Roles of people signed in through OIDC: their active staff record, as the staff list made it. */
@Component
class StaffListRoles implements StaffRoles {

    private final StaffMemberRepository staff;

    StaffListRoles(StaffMemberRepository staff) {
        this.staff = staff;
    }

    @Override
    public Optional<StaffRole> activeRole(String username) {
        return username == null
                ? Optional.empty()
                : staff.findByUsername(username).filter(StaffMember::isActive).map(StaffMember::getRole);
    }
}
