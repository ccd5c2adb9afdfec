using System.Runtime.InteropServices;

namespace AIoT.Mqtt.Broker.Native;

/// <summary>
/// The few libc calls the broker's own event loop needs: epoll, accept4, non-blocking send and receive.
/// Results follow the kernel's convention: a count, or minus the errno.
/// </summary>
internal static unsafe partial class LinuxSockets
{
    public const int EAGAIN = 11;
    public const int EINTR = 4;
    public const int EMFILE = 24;
    public const int ENFILE = 23;

    public const uint EPOLLIN = 0x001;
    public const uint EPOLLOUT = 0x004;
    public const uint EPOLLERR = 0x008;
    public const uint EPOLLHUP = 0x010;
    public const uint EPOLLRDHUP = 0x2000;
    public const uint EPOLLET = 0x80000000;

    private const int EPOLL_CLOEXEC = 0x80000;
    private const int EPOLL_CTL_ADD = 1;
    private const int EPOLL_CTL_DEL = 2;
    private const int SOCK_NONBLOCK = 0x800;
    private const int SOCK_CLOEXEC = 0x80000;
    private const int MSG_DONTWAIT = 0x40;
    private const int MSG_NOSIGNAL = 0x4000;
    private const int IPPROTO_TCP = 6;
    private const int TCP_NODELAY = 1;
    private const int SOL_SOCKET = 1;
    private const int SO_KEEPALIVE = 9;
    private const int SHUT_RDWR = 2;

    /// <summary>The size of the largest socket address (sockaddr_storage).</summary>
    public const int AddressCapacity = 128;

    /// <summary>x86-64 packs struct epoll_event into 12 bytes; other architectures align its data to 8.</summary>
    public static readonly int EventSize = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86 ? 12 : 16;

    private static readonly int EventDataOffset = EventSize == 12 ? 4 : 8;

    public static bool IsSupported => OperatingSystem.IsLinux();

    public static int CreateEpoll() => Check(epoll_create1(EPOLL_CLOEXEC), "epoll_create1");

    public static int Add(int epoll, int fd, uint events, ulong data)
    {
        var buffer = stackalloc byte[16];
        WriteEvent(buffer, events, data);
        return epoll_ctl(epoll, EPOLL_CTL_ADD, fd, buffer) == 0 ? 0 : -Marshal.GetLastPInvokeError();
    }

    public static void Remove(int epoll, int fd)
    {
        var buffer = stackalloc byte[16];
        _ = epoll_ctl(epoll, EPOLL_CTL_DEL, fd, buffer);
    }

    public static int Wait(int epoll, byte* events, int maxEvents, int timeoutMilliseconds)
    {
        var count = epoll_wait(epoll, events, maxEvents, timeoutMilliseconds);
        return count >= 0 ? count : -Marshal.GetLastPInvokeError();
    }

    public static (uint Events, ulong Data) ReadEvent(byte* events, int index)
    {
        var at = events + (index * EventSize);
        return (*(uint*)at, *(ulong*)(at + EventDataOffset));
    }

    /// <summary>Accepts one pending connection as a non-blocking socket; its peer's address lands in <paramref name="address"/>.</summary>
    public static int Accept(int listener, Span<byte> address, out int addressLength)
    {
        var length = (uint)address.Length;
        int fd;
        fixed (byte* at = address)
        {
            fd = accept4(listener, at, &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
        }

        addressLength = (int)length;
        return fd >= 0 ? fd : -Marshal.GetLastPInvokeError();
    }

    public static void SetNoDelay(int fd)
    {
        var on = 1;
        _ = setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(int));
    }

    /// <summary>TCP keep-alive probes, so a peer that vanished without a word is found even when its MQTT keep-alive is 0.</summary>
    public static void SetKeepAlive(int fd)
    {
        var on = 1;
        _ = setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(int));
    }

    /// <summary>Ends both directions now: receives see the end of the stream and sends fail, whoever is in them.</summary>
    public static void Shutdown(int fd) => _ = shutdown(fd, SHUT_RDWR);

    public static int Receive(int fd, Span<byte> into)
    {
        fixed (byte* at = into)
        {
            var count = recv(fd, at, (nuint)into.Length, MSG_DONTWAIT);
            return count >= 0 ? (int)count : -Marshal.GetLastPInvokeError();
        }
    }

    public static int Send(int fd, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* at = bytes)
        {
            var count = send(fd, at, (nuint)bytes.Length, MSG_DONTWAIT | MSG_NOSIGNAL);
            return count >= 0 ? (int)count : -Marshal.GetLastPInvokeError();
        }
    }

    public static int CloseDescriptor(int fd) => close(fd);

    private static void WriteEvent(byte* at, uint events, ulong data)
    {
        *(uint*)at = events;
        *(ulong*)(at + EventDataOffset) = data;
    }

    private static int Check(int result, string call) =>
        result >= 0 ? result : throw new IOException($"{call} failed with errno {Marshal.GetLastPInvokeError()}.");

    private const string Libc = "libc";

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int epoll_ctl(int epfd, int op, int fd, byte* events);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int epoll_wait(int epfd, byte* events, int maxEvents, int timeout);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int accept4(int fd, byte* address, uint* addressLength, int flags);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int setsockopt(int fd, int level, int name, int* value, uint length);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial nint recv(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial nint send(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int shutdown(int fd, int how);
}
