import Domain

// Every label a value shows comes from its own type and the compiled texts: no catalogue key is
// built from strings at run time, so a missing text is a build error, not a key on the page.

extension ItemStatus {
    func label(_ t: Texts) -> String {
        switch self {
        case .draft: t.status_draft
        case .inReview: t.status_in_review
        case .readyToPublish: t.status_ready_to_publish
        case .published: t.status_published
        }
    }
}

extension ContentKind {
    func label(_ t: Texts) -> String {
        switch self {
        case .kegiatan: t.kind_kegiatan
        case .infografisRencana: t.kind_infografis_rencana
        case .ucapan: t.kind_ucapan
        case .informasi: t.kind_informasi
        case .repost: t.kind_repost
        }
    }
}

extension ContentSource {
    func label(_ t: Texts) -> String {
        switch self {
        case .editorialPlan: t.source_rencana_redaksi
        case .eOffice: t.source_disposisi_e_office
        case .dailyAgenda: t.source_agenda_harian
        case .coordination: t.source_koordinasi
        case .pressRelease: t.source_siaran_pers
        case .pointer: t.source_pointer
        case .meetingResult: t.source_hasil_rapat
        case .officialNews: t.source_kanal_berita_resmi
        case .other: t.source_lainnya
        }
    }
}

extension LinkStatus {
    func label(_ t: Texts) -> String {
        switch self {
        case .active: t.link_status_aktif
        case .dead: t.link_status_mati
        case .unknown: t.link_status_tidak_dapat_dicek
        case .unchecked: t.link_status_belum_dicek
        }
    }
}

extension TimingRule {
    func label(_ t: Texts) -> String {
        switch self {
        case .coverageSameDayAfterEvent: t.timing_rule_kegiatan_hari_sama
        case .planInfographicThreeDaysBefore: t.timing_rule_infografis_3_hari
        case .greetingOnOrBeforeDay: t.timing_rule_ucapan_sebelum_hari
        }
    }
}

extension CalendarQuery.Entry.Kind {
    func label(_ t: Texts) -> String {
        switch self {
        case .agenda: t.calendar_kind_agenda
        case .libur: t.calendar_kind_libur
        case .cutiBersama: t.calendar_kind_cuti_bersama
        case .peringatan: t.calendar_kind_peringatan
        case .content: t.calendar_kind_content
        case .ronde: t.calendar_kind_ronde
        }
    }
}

extension ArchiveFilter.Sort {
    func label(_ t: Texts) -> String {
        switch self {
        case .date: t.archive_sort_date
        case .title: t.archive_sort_title
        case .channel: t.archive_sort_channel
        case .status: t.archive_sort_status
        }
    }
}

extension AuditAction {
    func label(_ t: Texts) -> String {
        switch self {
        case .loginSuccess: t.audit_action_login_success
        case .loginFailure: t.audit_action_login_failure
        case .loginThrottled: t.audit_action_login_throttled
        case .logout: t.audit_action_logout
        case .passwordChange: t.audit_action_password_change
        case .passwordReset: t.audit_action_password_reset
        case .userCreate: t.audit_action_user_create
        case .userUpdate: t.audit_action_user_update
        case .roleChange: t.audit_action_user_roles
        case .userDisable: t.audit_action_user_disable
        case .userEnable: t.audit_action_user_enable
        case .workflowUpdate: t.audit_action_workflow_update
        case .delegationCreate: t.audit_action_delegation_create
        case .delegationRevoke: t.audit_action_delegation_revoke
        case .holidayChange: t.audit_action_holiday_change
        case .settingsUpdate: t.audit_action_settings_update
        case .calendarFeed: t.audit_action_calendar_feed
        case .agendaImport: t.audit_action_agenda_import
        case .agendaChange: t.audit_action_agenda_change
        case .auditCapped: t.audit_action_audit_capped
        case .findingCreate: t.audit_action_finding_create
        case .findingUpdate: t.audit_action_finding_update
        }
    }
}

/// Labels for values stored as text (an audit row or content event of any age, a redirect's
/// `?ok=`): a switch over the known values, so an unknown one shows as itself, never as a key.
enum StoredLabel {
    /// The notice after a redirect (`?ok=content_saved`); nil for anything else.
    static func flash(_ code: String, _ t: Texts) -> String? {
        switch code {
        case "password_changed": t.flash_password_changed
        case "user_created": t.flash_user_created
        case "user_saved": t.flash_user_saved
        case "user_enabled": t.flash_user_enabled
        case "user_disabled": t.flash_user_disabled
        case "password_reset": t.flash_password_reset
        case "content_created": t.flash_content_created
        case "incoming_logged": t.flash_incoming_logged
        case "incoming_duplicate": t.flash_incoming_duplicate
        case "incoming_forward": t.flash_incoming_forward
        case "incoming_dismiss": t.flash_incoming_dismiss
        case "incoming_answer": t.flash_incoming_answer
        case "incoming_decide": t.flash_incoming_decide
        case "incoming_post": t.flash_incoming_post
        case "incoming_refer": t.flash_incoming_refer
        case "incoming_referral_outcome": t.flash_incoming_referral_outcome
        case "content_saved": t.flash_content_saved
        case "metrics_saved": t.flash_metrics_saved
        case "metrics_imported": t.flash_metrics_imported
        case "content_submit": t.flash_content_submit
        case "content_approve": t.flash_content_approve
        case "content_reject": t.flash_content_reject
        case "content_publish": t.flash_content_publish
        case "workflow_saved": t.flash_workflow_saved
        case "sop_saved": t.flash_sop_saved
        case "sop_approved": t.flash_sop_approved
        case "sop_effective_saved": t.flash_sop_effective_saved
        case "delegation_created": t.flash_delegation_created
        case "delegation_revoked": t.flash_delegation_revoked
        case "holiday_added": t.flash_holiday_added
        case "holiday_deleted": t.flash_holiday_deleted
        case "settings_saved": t.flash_settings_saved
        case "round_recorded": t.flash_round_recorded
        case "feed_renewed": t.flash_feed_renewed
        case "nip_saved": t.flash_nip_saved
        case "feed_revoked": t.flash_feed_revoked
        case "agenda_saved": t.flash_agenda_saved
        case "agenda_deleted": t.flash_agenda_deleted
        case "agenda_imported": t.flash_agenda_imported
        case "holiday_corrected": t.flash_holiday_corrected
        case "commemoration_saved": t.flash_commemoration_saved
        case "commemoration_deleted": t.flash_commemoration_deleted
        case "days_imported": t.flash_days_imported
        case "content_reopened": t.flash_content_reopened
        case "content_updated": t.flash_content_updated
        case "finding_created": t.flash_finding_created
        case "finding_saved": t.flash_finding_saved
        default: nil
        }
    }

    /// The error page's heading and text for a status code.
    static func error(_ code: Int, _ t: Texts) -> (title: String, text: String) {
        switch code {
        case 400: (t.error_title_400, t.error_text_400)
        case 403: (t.error_title_403, t.error_text_403)
        case 404: (t.error_title_404, t.error_text_404)
        case 405: (t.error_title_405, t.error_text_405)
        case 413: (t.error_title_413, t.error_text_413)
        case 429: (t.error_title_429, t.error_text_429)
        default: (t.error_title_500, t.error_text_500)
        }
    }
}

extension StepKind {
    func label(_ t: Texts) -> String {
        switch self {
        case .work: t.step_kind_work
        case .decide: t.step_kind_decide
        case .publish: t.step_kind_publish
        }
    }
}

extension UpdatePolicy {
    func label(_ t: Texts) -> String {
        switch self {
        case .workflow: t.settings_update_workflow
        case .direct: t.settings_update_direct
        }
    }
}

extension HistoryAction {
    /// As the history and the control sheet show it.
    func label(_ t: Texts) -> String {
        switch self {
        case .create: t.content_event_create
        case .edit: t.content_event_edit
        case .submit: t.content_event_submit
        case .approve: t.content_event_approve
        case .reject: t.content_event_reject
        case .publish: t.content_event_publish
        case .reopen: t.content_event_reopen
        case .update: t.content_event_update
        }
    }
}

extension HolidayKind {
    func label(_ t: Texts) -> String {
        switch self {
        case .libur: t.holiday_kind_libur
        case .cutiBersama: t.holiday_kind_cuti_bersama
        }
    }
}

extension StoredLabel {
    static func delegationState(_ raw: String, _ t: Texts) -> String {
        switch raw {
        case "active": t.delegation_state_active
        case "upcoming": t.delegation_state_upcoming
        case "ended": t.delegation_state_ended
        case "revoked": t.delegation_state_revoked
        case "lapsed": t.delegation_state_lapsed
        default: raw
        }
    }

    static func daysImportField(_ raw: String, _ t: Texts) -> String {
        switch raw {
        case "jumlah-kolom": t.days_import_field_jumlah_kolom
        case "tanggal": t.days_import_field_tanggal
        case "nama": t.days_import_field_nama
        case "jenis": t.days_import_field_jenis
        default: raw
        }
    }
}
