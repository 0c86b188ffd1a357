import Domain

extension AppDatabase {
    /// The number of incoming messages waiting for the session's user (`u`), as `incomingTasks`
    /// finds them: at the forward and post steps for holders of those steps' roles (their own or
    /// delegated today), at the follow-up step for members of the message's division (or of a
    /// delegator's). The steps are stored in kind order (`FollowUpWorkflow.problems` checks it):
    /// index 1 is the forward step, index 3 the post step. Uses `:today`.
    static let incomingCountSQL = """
        (SELECT count(*) FROM incomingMessage m JOIN incomingSettings st ON st.id = 1
          WHERE (m.step IN ('\(FollowUpStepKind.forward.rawValue)', '\(FollowUpStepKind.post.rawValue)')
                 AND json_extract(st.followUp, CASE m.step WHEN '\(FollowUpStepKind.forward.rawValue)' THEN '$.steps[1].roleKey' ELSE '$.steps[3].roleKey' END) IN (
                   SELECT roleKey FROM userRole WHERE userId = u.id
                   UNION SELECT d.roleKey FROM delegation d JOIN user f ON f.id = d.fromUserId
                     WHERE d.toUserId = u.id AND d.revokedAt IS NULL AND d.startsOn <= :today AND d.endsOn >= :today AND f.isActive
                       AND EXISTS (SELECT 1 FROM userRole fr WHERE fr.userId = d.fromUserId AND fr.roleKey = d.roleKey)))
             OR (m.step = '\(FollowUpStepKind.followUp.rawValue)' AND m.divisionId IN (
                   SELECT divisionId FROM userDivision WHERE userId = u.id
                   UNION SELECT ud.divisionId FROM userDivision ud JOIN delegation d ON d.fromUserId = ud.userId JOIN user f ON f.id = d.fromUserId
                     WHERE d.toUserId = u.id AND d.revokedAt IS NULL AND d.startsOn <= :today AND d.endsOn >= :today AND f.isActive)))
        """
}
