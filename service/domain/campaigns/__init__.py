"""Campaigns: simulate a creator set, plan one for a goal, hidden segments, ranking, results."""
