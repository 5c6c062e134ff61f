package ca

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/openziti/edge-api/rest_management_api_client/certificate_authority"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// AfterCreate verifies the new CA when its key is given.
func (mapping) AfterCreate(op *framework.Op, id string, plan *model) { verify(op, id, plan) }

// AfterUpdate verifies a CA that is not verified yet when its key is given now.
func (mapping) AfterUpdate(op *framework.Op, state, plan *model) {
	verify(op, state.ID.ValueString(), plan)
}

// verify proves possession of the CA's key to the controller: a certificate whose common name
// is the CA's verification token, signed by the CA. Nothing of the key leaves this function.
func verify(op *framework.Op, id string, m *model) {
	if m.VerificationKeyWO.IsNull() || m.VerificationKeyWO.IsUnknown() {
		return
	}
	d, err := client.CertificateAuthorities.Get(op.Ctx, op.Client, id)
	if err != nil {
		framework.AddAPIError(op.Diags, "read", Entity.Kind, err)
		return
	}
	if framework.Deref(d.IsVerified) {
		return
	}
	signer, caCert, err := signerFor(m.CertPEM.ValueString(), m.VerificationKeyWO.ValueString())
	if err != nil {
		op.Diags.AddAttributeError(path.Root("verification_key_wo"), "Unusable verification key", err.Error())
		return
	}
	proof, err := verificationCertificate(caCert, signer, d.VerificationToken.String())
	if err != nil {
		op.Diags.AddAttributeError(path.Root("verification_key_wo"), "Cannot sign the verification certificate", err.Error())
		return
	}
	params := certificate_authority.NewVerifyCaParamsWithContext(op.Ctx).WithID(id).WithCertificate(proof)
	if _, err := op.Client.API.CertificateAuthority.VerifyCa(params, nil); err != nil {
		op.Diags.AddAttributeError(path.Root("verification_key_wo"), "The controller did not verify the CA",
			fmt.Sprintf("The CA was created, but the controller refused the verification signed with verification_key_wo: %v. "+
				"Check that the key belongs to cert_pem; the next apply tries again.", err))
	}
}

// signerFor parses the CA certificate and its private key (PKCS#8, PKCS#1 or SEC 1 PEM) and
// checks that they belong together. Errors never quote the key.
func signerFor(certPEM, keyPEM string) (crypto.Signer, *x509.Certificate, error) {
	cert, err := framework.ParseCertificatePEM(certPEM)
	if err != nil {
		return nil, nil, fmt.Errorf("cert_pem: %v", err)
	}
	block, _ := pem.Decode([]byte(keyPEM))
	if block == nil {
		return nil, nil, errors.New("verification_key_wo is not a PEM private key (-----BEGIN PRIVATE KEY-----)")
	}
	var key any
	if key, err = x509.ParsePKCS8PrivateKey(block.Bytes); err != nil {
		if key, err = x509.ParsePKCS1PrivateKey(block.Bytes); err != nil {
			if key, err = x509.ParseECPrivateKey(block.Bytes); err != nil {
				return nil, nil, fmt.Errorf("verification_key_wo holds a %s block that is not a PKCS#8, PKCS#1 or EC private key", block.Type)
			}
		}
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, nil, errors.New("verification_key_wo is not a signing key")
	}
	if pub, ok := signer.Public().(interface{ Equal(crypto.PublicKey) bool }); !ok || !pub.Equal(cert.PublicKey) {
		return nil, nil, fmt.Errorf("verification_key_wo is not the private key of the CA certificate %q in cert_pem: give the key the CA signs with", cert.Subject.String())
	}
	return signer, cert, nil
}

// verificationCertificate is a short-lived certificate for the token, signed by the CA, in PEM.
func verificationCertificate(ca *x509.Certificate, caKey crypto.Signer, token string) (string, error) {
	leafKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", err
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		return "", err
	}
	tmpl := &x509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: token},
		NotBefore: time.Now().Add(-5 * time.Minute), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &leafKey.PublicKey, caKey)
	if err != nil {
		return "", err
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})), nil
}
