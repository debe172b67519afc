"""A round's result: standings, locks and the seal at sign-off, exports, the 计分说明, fairness analytics, the experts' feedback sheet."""
