"""The organizer's printed and published documents: score sheets and the notice, certificates and their signatures, the showcase."""
