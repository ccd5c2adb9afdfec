using System.Runtime.InteropServices;

namespace AIoT.Mqtt.Broker.Native;

/// <summary>
/// A connected socket's file descriptor. As a SafeHandle it is closed only once no send or receive is using it,
/// so a connection closed on one thread never lets another thread write to a descriptor number the kernel has reused.
/// </summary>
internal sealed class SocketFd : SafeHandle
{
    public SocketFd(int fd)
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
        SetHandle(fd);
    }

    public int Value => (int)handle;

    public override bool IsInvalid => handle == -1;

    protected override bool ReleaseHandle() => LinuxSockets.CloseDescriptor((int)handle) == 0;
}
