/// The services the emulator runs, in seeding order (Identity first: the others seed per project).
public enum ServiceRegistry {
    public static let standard: [any EmulatedService] = [
        IdentityService(),
        ComputeService(),
        BlockStorageService(),
        NetworkService(),
        ImageService(),
    ]
}
