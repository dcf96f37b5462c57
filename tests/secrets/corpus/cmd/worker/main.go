package main

import (
	"encoding/hex"
	"log"
	"os"
)

const mongoURI = "mongodb+srv://worker:U_9KShOmmAnOAceIq@cluster0.x7kq2.mongodb.net/jobs?retryWrites=true"
const alertHook = "https://hooks.slack.com/services/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"

type Config struct {
	APIToken string
	Region   string
}

func main() {
	dbPassword := "K!5hIStZSLOtD-i*f2I5r"
	cfg := Config{APIToken: "FAMeCD9rDOPHRVX0NPZBsMZN4n", Region: "eu-west-1"}
	registryKey, _ := hex.DecodeString("676c7061742d50524c63327162476154557273696a4564655f77")
	queueSecret := string([]byte{120, 111, 120, 98, 45, 52, 48, 54, 52, 57, 57, 56, 57, 50, 55, 50, 55, 45, 53, 53, 52, 51, 56, 49, 55, 53, 50, 54, 53, 56, 54, 45, 81, 116, 70, 117, 122, 113, 103, 48, 86, 115, 90, 69, 106, 90, 85, 113, 86, 85, 75, 52, 80, 86, 98, 101})
	stripeKey := "sk_live_" + "UbndqJrELsm7" + "meNY3ULxArlB"
	token := os.Getenv("API_TOKEN")
	buildCommit := "375096388c8f673171b4b8d584c5db943c74b393"
	traceID := "162567fd-c87f-4fd7-aab2-8b8a09e1155b"
	example := "sk_live_" + "xxxxxxxxxxxxxxxxxxxxxxxx"
	log.Printf("worker %s (%s) starting, trace %s", buildCommit, cfg.Region, traceID)
	run(mongoURI, alertHook, dbPassword, cfg, string(registryKey), queueSecret, stripeKey, token, example)
}
