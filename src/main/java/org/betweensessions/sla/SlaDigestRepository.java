package org.betweensessions.sla;

import org.springframework.data.jpa.repository.JpaRepository;

public interface SlaDigestRepository extends JpaRepository<SlaDigest, SlaDigest.Key> {}
