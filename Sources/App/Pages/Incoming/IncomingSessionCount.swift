import Domain

extension AppDatabase {
    /// The number of incoming messages waiting for the session's user (`u`), as `incomingTasks`
    /// finds them: at the forward and post steps for holders of those steps' roles (their own or
    /// delegated today: the session statement's `roles`), at the follow-up step for members of the
    /// message's division (or of a delegator's). The steps are stored in kind order
    /// (`FollowUpWorkflow.problems` checks it): index 1 is the forward step, index 3 the post step.
    /// Uses `:today`.
    ///
    /// The roles of the two steps are read once (uncorrelated subqueries), not per message, and the
    /// numbers come from `incomingStepCount`, which triggers keep per (step, division) on every
    /// write (migration `v16-incoming-step-counts`): the count runs on every page, so its cost must
    /// not grow with a backlog of messages.
    static let incomingCountSQL = """
        (CASE WHEN (SELECT json_extract(followUp, '$.steps[1].roleKey') FROM incomingSettings WHERE id = 1) IN roles
              THEN (SELECT coalesce(sum(n), 0) FROM incomingStepCount WHERE step = '\(FollowUpStepKind.forward.rawValue)') ELSE 0 END
         + CASE WHEN (SELECT json_extract(followUp, '$.steps[3].roleKey') FROM incomingSettings WHERE id = 1) IN roles
              THEN (SELECT coalesce(sum(n), 0) FROM incomingStepCount WHERE step = '\(FollowUpStepKind.post.rawValue)') ELSE 0 END
         + (SELECT coalesce(sum(n), 0) FROM incomingStepCount c WHERE c.step = '\(FollowUpStepKind.followUp.rawValue)' AND c.divisionId IN (
               SELECT divisionId FROM userDivision WHERE userId = u.id
               UNION SELECT ud.divisionId FROM userDivision ud JOIN delegation d ON d.fromUserId = ud.userId JOIN user f ON f.id = d.fromUserId
                 WHERE d.toUserId = u.id AND d.revokedAt IS NULL AND d.startsOn <= :today AND d.endsOn >= :today AND f.isActive)))
        """
}
