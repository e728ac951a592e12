/// Nova's mapping from (vm_state, task_state) to the API's `status`, and back for `?status=`.
enum ServerStatus {
    /// vm_state -> (task_state or "default") -> status, as Nova's `_STATE_MAP` has it.
    static let map: [String: [String: String]] = [
        "active": [
            "default": "ACTIVE", "rebooting": "REBOOT", "reboot_pending": "REBOOT", "reboot_started": "REBOOT",
            "rebooting_hard": "HARD_REBOOT", "reboot_pending_hard": "HARD_REBOOT", "reboot_started_hard": "HARD_REBOOT",
            "updating_password": "PASSWORD", "rebuilding": "REBUILD", "rebuild_block_device_mapping": "REBUILD",
            "rebuild_spawning": "REBUILD", "migrating": "MIGRATING", "resize_prep": "RESIZE", "resize_migrating": "RESIZE",
            "resize_migrated": "RESIZE", "resize_finish": "RESIZE",
        ],
        "building": ["default": "BUILD"],
        "stopped": [
            "default": "SHUTOFF", "resize_prep": "RESIZE", "resize_migrating": "RESIZE", "resize_migrated": "RESIZE",
            "resize_finish": "RESIZE", "rebuilding": "REBUILD", "rebuild_block_device_mapping": "REBUILD",
            "rebuild_spawning": "REBUILD",
        ],
        "resized": ["default": "VERIFY_RESIZE", "resize_reverting": "REVERT_RESIZE"],
        "paused": ["default": "PAUSED", "migrating": "MIGRATING"],
        "suspended": ["default": "SUSPENDED"],
        "rescued": ["default": "RESCUE"],
        "error": ["default": "ERROR", "rebuilding": "REBUILD", "rebuild_block_device_mapping": "REBUILD", "rebuild_spawning": "REBUILD"],
        "deleted": ["default": "DELETED"],
        "soft-delete": ["default": "SOFT_DELETED"],
        "shelved": ["default": "SHELVED"],
        "shelved_offloaded": ["default": "SHELVED_OFFLOADED"],
    ]

    static func from(vmState: String, taskState: String?) -> String {
        guard let tasks = map[vmState] else { return "UNKNOWN" }
        return taskState.flatMap { tasks[$0] } ?? tasks["default"] ?? "UNKNOWN"
    }

    /// What `?status=a&status=b` selects: the vm_states, and the task_states unless any of the
    /// statuses is a state's default (then every task_state of those vm_states matches, as in
    /// Nova, so `status=ACTIVE` also lists servers that are rebooting).
    struct Selection {
        let vmStates: Set<String>
        let taskStates: Set<String>?

        func matches(_ server: Server) -> Bool {
            let vmState = server.deleted ? VMState.deleted : server.vmState
            guard vmStates.contains(vmState) else { return false }
            guard let taskStates else { return true }
            return server.taskState.map(taskStates.contains) ?? false
        }
    }

    /// Nil when no status names a known state.
    static func selection(_ statuses: [String]) -> Selection? {
        let wanted = Set(statuses.map { $0.lowercased() })
        var vmStates: Set<String> = []
        var taskStates: Set<String> = []
        for (vmState, tasks) in map {
            for (task, status) in tasks where wanted.contains(status.lowercased()) {
                vmStates.insert(vmState)
                taskStates.insert(task)
            }
        }
        guard !vmStates.isEmpty else { return nil }
        return Selection(vmStates: vmStates, taskStates: taskStates.contains("default") ? nil : taskStates)
    }
}
