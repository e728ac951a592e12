import JSONValue
import Transport

/// The two steps of a rollback, on the cloud that holds what they undo. Both succeed when there
/// is nothing left to undo (the resource or the join is gone already), so undoing twice, or
/// undoing what the script itself tore down meanwhile, is no error.
extension Session {
    /// Undoes a join with its declared inverse (detach for attach), waiting for it to finish: the
    /// volume must be available again before it can be deleted.
    public func undo(_ link: ResourceLink) async throws(OpenStackError) -> UndoOutcome {
        guard let subject = Catalogue.kind(named: link.kind),
              let maker = Catalogue.operation(link.operation, on: subject),
              let inverseName = maker.inverse?.operation,
              let inverse = Catalogue.operation(inverseName, on: subject) else {
            throw OpenStackError(.invalidArgument, "the journal names \(link.kind) operation '\(link.operation)', which has no inverse here",
                                 service: "stackrun")
        }
        let slots = link.slots.mapValues { JSON($0) }
        let prepared = PreparedOperation(operation: inverse, subjectID: link.subject, slots: slots)
        let made = PreparedOperation(operation: maker, subjectID: link.subject, slots: slots)
        return try await untilNotBusy(subject) { () async throws(OpenStackError) -> UndoOutcome in
            // A 404 anywhere here (the subject, the join, the volume waited for) means one side
            // of the join is gone, and the join with it.
            do throws(OpenStackError) {
                // Only the join the run made is undone: a floating IP someone has moved to
                // another port since, or a volume no longer attached, is left as it is.
                if maker.effect != nil {
                    if try await hasTakenEffect(made) == false { return .alreadyUndone }
                } else if try await hasTakenEffect(prepared) == true {
                    return .alreadyUndone
                }
                _ = try await send(prepared, CallOptions())
                recordLink(prepared)
                if let target = inverse.wait, let kind = kind(of: target.slot, in: inverse), let id = prepared.id(of: target.slot) {
                    _ = try await wait(for: target.states, kind, id)
                }
                return .undone
            } catch where error.status == 404 {
                return .alreadyUndone
            }
        }
    }

    /// Deletes a resource the run created, and waits until it is gone when its kind has a status
    /// (a server's ports and volumes are free only then).
    public func remove(_ resource: CreatedResource) async throws(OpenStackError) -> UndoOutcome {
        guard let kind = Catalogue.kind(named: resource.kind) else {
            throw OpenStackError(.invalidArgument, "the journal names a kind of resource this stackrun does not know: \(resource.kind)",
                                 service: "stackrun")
        }
        let options = CallOptions(parent: resource.parent)
        let ids: [String]
        if resource.id.isEmpty {
            ids = try await carryingMarker(kind, resource, options)
            if ids.isEmpty { return .alreadyUndone }
        } else {
            ids = [resource.id]
        }
        var outcome = UndoOutcome.alreadyUndone
        for id in ids {
            let deleted = try await untilNotBusy(kind) { () async throws(OpenStackError) -> UndoOutcome in
                guard try await delete(kind, id, ignoreMissing: true, options) else { return .alreadyUndone }
                if kind.status != nil { try await waitForDeletion(kind, id, WaitOptions(), options) }
                return .undone
            }
            if deleted == .undone { outcome = .undone }
        }
        return outcome
    }

    /// The ids of what carries a create's marker: the resources a create with no answer made,
    /// if it made any. Listed by name when the create had one a look-up can see.
    private func carryingMarker(_ kind: ResourceKind, _ resource: CreatedResource, _ options: CallOptions) async throws(OpenStackError) -> [String] {
        guard let token = resource.marker, let style = kind.marker else { return [] }
        let marker = CreateMarker(token: token)
        let candidates: [JSON]
        if let name = resource.name {
            candidates = try await byName(kind, name, options)
        } else {
            candidates = try await list(kind, options)
        }
        return candidates.filter { marker.isCarried(by: $0, style) }.compactMap { $0[kind.idField]?.identifierText }
    }

    /// Runs `step` again while the service refuses it as busy or in use: a volume still
    /// detaching, a network whose ports Nova is still removing, a server in a task state.
    /// Those clear by themselves within seconds; the deadline (the rollback's) bounds the wait.
    private func untilNotBusy(_ kind: ResourceKind, _ step: () async throws(OpenStackError) -> UndoOutcome) async throws(OpenStackError) -> UndoOutcome {
        var delay = 1.0
        var attempt = 1
        while true {
            do {
                return try await step()
            } catch where Self.isBusy(error, kind) && attempt < Self.busyAttempts && Self.timeLeft() > delay {
                logger.info("the \(kind.name) cannot be undone yet: trying again", metadata: [
                    "status": "\(error.status ?? 0)", "message": "\(error.message)", "attempt": "\(attempt)",
                ])
                try await pause(delay)
                delay = min(delay * 2, 15)
                attempt += 1
            }
        }
    }

    /// 409 from any service; 400 from Cinder, which refuses to delete a volume that is not yet
    /// available ("Volume status must be available or error...") with it.
    private nonisolated static func isBusy(_ error: OpenStackError, _ kind: ResourceKind) -> Bool {
        error.kind != .timeout && (error.status == 409 || (error.status == 400 && kind.service == .blockStorage))
    }

    /// Seconds left before the rollback's deadline: no pause that would outlast it is begun.
    @LoopActor private static func timeLeft() -> Double {
        guard let deadline = CallDeadline.current else { return .infinity }
        return deadline.clock.secondsUntil(deadline.instant)
    }

    /// About a minute and a half of waiting in all (1 + 2 + 4 + 8 + 15 × 5).
    static let busyAttempts = 10
}

public enum UndoOutcome: Sendable, Equatable {
    case undone
    /// Nothing to do: gone, or no longer joined.
    case alreadyUndone
}
