package org.betweensessions.client;

public enum RiskLevel {
    LOW,
    HIGH
}
