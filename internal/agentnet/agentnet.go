package agentnet

import (
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/openziti/sdk-golang/ziti"
	"github.com/openziti/sdk-golang/ziti/enroll"
)

// EnrollJWT enrolls with an enrollment token, the way `ziti edge enroll` does, and returns
// the identity (certificate, key, CA, controller URL) the SDK opens a context with.
func EnrollJWT(jwt string) (*ziti.Config, error) {
	claims, token, err := enroll.ParseToken(jwt)
	if err != nil {
		return nil, fmt.Errorf("parse enrollment token: %w", err)
	}
	cfg, err := enroll.Enroll(enroll.EnrollmentFlags{Token: claims, JwtToken: token, JwtString: jwt, KeyAlg: "EC"})
	if err != nil {
		return nil, fmt.Errorf("enroll: %w", err)
	}
	return cfg, nil
}

// TokenExpiry reads an enrollment token's identity id (subject) and expiry without enrolling.
func TokenExpiry(jwt string) (subject string, expires time.Time, err error) {
	claims, _, err := enroll.ParseToken(jwt)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("parse enrollment token: %w", err)
	}
	if claims.ExpiresAt == nil {
		return claims.Subject, time.Time{}, errors.New("the enrollment token has no expiry")
	}
	return claims.Subject, claims.ExpiresAt.Time, nil
}

// Exchange writes msg and reads the answer.
func Exchange(conn net.Conn, msg string) (string, error) {
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	defer func() { _ = conn.SetDeadline(time.Time{}) }()
	if _, err := conn.Write([]byte(msg)); err != nil {
		return "", err
	}
	buf := make([]byte, 4096)
	n, err := conn.Read(buf)
	if err != nil {
		return "", err
	}
	return string(buf[:n]), nil
}

// WatchClosed reads conn in the background and reports when the connection is closed by the
// other side (or cut by the overlay). Anything the peer sends meanwhile is discarded.
func WatchClosed(conn net.Conn) <-chan time.Time {
	closed := make(chan time.Time, 1)
	go func() {
		buf := make([]byte, 256)
		for {
			if _, err := conn.Read(buf); err != nil {
				closed <- time.Now()
				return
			}
		}
	}()
	return closed
}

// Echo writes back what it reads on c, each chunk prefixed with prefix (to tell servers
// apart), until c fails; then it closes c.
func Echo(c net.Conn, prefix string) {
	defer c.Close()
	buf := make([]byte, 4096)
	for {
		n, err := c.Read(buf)
		if err != nil {
			return
		}
		if _, err := c.Write(append([]byte(prefix), buf[:n]...)); err != nil {
			return
		}
	}
}
