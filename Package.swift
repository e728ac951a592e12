// swift-tools-version:6.1
import PackageDescription

// Layers (DEVELOPERS.md), lower never importing higher:
//   CLua, CCurl, CYAML (system libraries) and CStackrun (our C shims)
//   SystemIO (files, child processes) -> LuaBridge -> Transport -> OpenStack -> Runtime -> stackrun (the runner)
//   Emulator   -> stackrun-emulator (a separate executable, sharing no code with the clients)
//
// Foundation stays out of the runner's targets (LuaBridge, Transport, OpenStack, Runtime,
// stackrun). It costs start-up time and binary size (spike.md: +3.4 ms and ~8 MB of RSS when
// loaded dynamically, a 70 MB static binary), and nothing in the runner needs it: JSON, YAML,
// time and file access are done with our own code, Glibc, libyaml and libcurl.
// The emulator is built on Hummingbird, which brings SwiftNIO and Foundation. That is why it is
// a second executable that `stackrun emulator` and `stackrun run --emulator` start, rather than
// code linked into `stackrun`.

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "stackrun",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "stackrun", targets: ["stackrun"]),
        .executable(name: "stackrun-emulator", targets: ["EmulatorServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        // Already in the graph through Hummingbird's dependencies; the emulator uses its Ed25519,
        // MD5, SHA-1 and SHA-256 for Nova's key pairs and host ids.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // MARK: C libraries and shims
        .systemLibrary(name: "CLua", pkgConfig: "lua5.4", providers: [.apt(["liblua5.4-dev"])]),
        // Header only, no pkgConfig (it would link -lcurl): libcurl.so.4 is loaded with dlopen on
        // first use (CStackrun's curl_loader.c), which keeps its dependency tree out of start-up.
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .target(name: "CStackrun", dependencies: ["CLua", "CCurl"], cSettings: [.define("_GNU_SOURCE")]),

        // MARK: The runner
        // JSONValue: the JSON value type and its codec, pure Swift, shared by every runner layer.
        .target(name: "JSONValue", swiftSettings: strict),
        // SystemIO: the runner's one way to files (whole reads, atomic writes, locks, permission
        // and owner checks) and child processes, on Glibc; below Transport so every layer shares it.
        .target(name: "SystemIO", dependencies: ["CStackrun"], swiftSettings: strict),
        .target(name: "LuaBridge", dependencies: ["CLua", "CStackrun", "JSONValue"], swiftSettings: strict),
        .target(
            name: "Transport",
            dependencies: ["CCurl", "CStackrun", "SystemIO", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(
            name: "OpenStack",
            dependencies: ["Transport", "JSONValue", "CYAML", "SystemIO", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(
            name: "Runtime",
            dependencies: ["LuaBridge", "Transport", "OpenStack", "SystemIO", .product(name: "Logging", package: "swift-log")],
            // The Lua prelude's files: compiled to bytecode by the plugin, not shipped as text.
            exclude: ["Prelude"],
            swiftSettings: strict,
            plugins: ["PreludeBytecode"]),
        // Build-time only: compiles the prelude (see Plugins/PreludeBytecode).
        .executableTarget(name: "PreludeCompiler", dependencies: ["CLua"]),
        .plugin(name: "PreludeBytecode", capability: .buildTool(), dependencies: ["PreludeCompiler"]),
        .executableTarget(
            name: "stackrun",
            dependencies: [
                "Runtime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        // MARK: The emulator
        .target(
            name: "Emulator",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "EmulatorServer",
            dependencies: ["Emulator", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),

        // MARK: Tests
        .testTarget(name: "JSONValueTests", dependencies: ["JSONValue"], swiftSettings: strict),
        .testTarget(name: "LuaBridgeTests", dependencies: ["LuaBridge", "JSONValue"], swiftSettings: strict),
        .testTarget(name: "SystemIOTests", dependencies: ["SystemIO"], swiftSettings: strict),
        .testTarget(name: "TransportTests", dependencies: ["Transport"], swiftSettings: strict),
        .testTarget(name: "OpenStackTests", dependencies: ["OpenStack", "Emulator"], swiftSettings: strict),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "Emulator"], swiftSettings: strict),
        .testTarget(name: "EmulatorTests", dependencies: ["Emulator"], swiftSettings: strict),
        .testTarget(name: "StackrunTests", dependencies: ["stackrun", "Emulator"], swiftSettings: strict),
    ]
)
