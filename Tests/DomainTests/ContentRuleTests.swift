import Testing
@testable import Domain

/// The media rule (which channels need a photo or video, and which may go out as text only) and
/// the "returned" rule (an item stands sent back until it moves on).
@Suite struct MediaRuleTests {
    @Test func whichChannelsNeedMedia() {
        #expect(Channel.allCases.filter { $0.mediaNeed != .none } == [.instagram, .instagramStory, .tiktok, .youtube])
        #expect(Channel.youtube.mediaNeed == .video)
        #expect(Channel.allCases.filter(\.allowsTextOnly) == [.instagramStory, .facebook, .x, .website],
                "of the channels that need media only a story has a text-only form")
    }

    @Test func mediaMeetsANeed() {
        #expect(AttachedMedia().meets(.none))
        #expect(!AttachedMedia().meets(.photoOrVideo))
        #expect(AttachedMedia(photos: 1).meets(.photoOrVideo))
        #expect(!AttachedMedia(photos: 3).meets(.video), "a photo is not a video")
        #expect(AttachedMedia(videos: 1).meets(.video))
        #expect(AttachedMedia(links: 1).meets(.video), "a link may hold a video")
        #expect(AttachedMedia(links: 1).meets(.photoOrVideo))
    }

    @Test func missingKeepsTheChannelsOrder() {
        let channels: [Channel] = [.youtube, .facebook, .instagram, .x, .tiktok]
        #expect(MediaRule.missing(channels: channels, media: AttachedMedia()) == [.youtube, .instagram, .tiktok])
        #expect(MediaRule.missing(channels: channels, media: AttachedMedia(photos: 1)) == [.youtube])
        #expect(MediaRule.missing(channels: channels, media: AttachedMedia(videos: 1)) == [])
        #expect(MediaRule.missing(channels: [.facebook, .x, .website], media: AttachedMedia()) == [], "text channels never warn")
    }

    @Test func publishingWaitsForMediaOrATextOnlyConfirmation() {
        let none = AttachedMedia()
        #expect(MediaRule.publishRefusals(channels: [.instagram, .facebook], media: none, textOnlyConfirmed: false) == [.needsMedia(.instagram)])
        #expect(MediaRule.publishRefusals(channels: [.instagram, .facebook], media: none, textOnlyConfirmed: true) == [.needsMedia(.instagram)],
                "confirming text only does not make an Instagram feed post possible")
        #expect(MediaRule.publishRefusals(channels: [.instagramStory], media: none, textOnlyConfirmed: false) == [.textOnlyNotConfirmed(.instagramStory)])
        #expect(MediaRule.publishRefusals(channels: [.instagramStory, .x], media: none, textOnlyConfirmed: true) == [])
        #expect(MediaRule.publishRefusals(channels: [.youtube], media: AttachedMedia(photos: 2), textOnlyConfirmed: true) == [.needsMedia(.youtube)])
        #expect(MediaRule.publishRefusals(channels: Channel.allCases, media: AttachedMedia(videos: 1), textOnlyConfirmed: false) == [])
    }
}

@Suite struct ReturnedItemTests {
    @Test func returnedWhileTheLastMoveIsARejection() {
        #expect(ReturnedItem.rejectionIndex([.create, .submit, .reject]) == 2)
        #expect(ReturnedItem.rejectionIndex([.create, .submit, .reject, .edit, .edit]) == 2, "edits while back do not end it")
        #expect(ReturnedItem.rejectionIndex([.create, .submit, .approve, .reject, .submit, .reject]) == 5, "the latest rejection")
    }

    @Test func notReturnedOnceItMovesOn() {
        #expect(ReturnedItem.rejectionIndex([]) == nil)
        #expect(ReturnedItem.rejectionIndex([.create, .edit]) == nil)
        #expect(ReturnedItem.rejectionIndex([.create, .submit, .reject, .submit]) == nil)
        #expect(ReturnedItem.rejectionIndex([.create, .submit, .reject, .edit, .approve]) == nil)
        #expect(ReturnedItem.rejectionIndex([.create, .submit, .reject, .submit, .approve, .publish, .update]) == nil, "an update is no move")
        #expect(ReturnedItem.rejectionIndex([.create, .submit, .reject, .submit, .publish, .reopen]) == nil)
    }
}
